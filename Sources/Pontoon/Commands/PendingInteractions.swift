/// The pending-interaction slots of every user and room. In memory: a bridge restart ends every
/// interaction, as it ends the login processes behind them.
public actor PendingInteractions<Services: CommandServices> {
    private var slots: [PendingInteractionKey: PendingInteraction<Services>] = [:]

    public init() {}

    /// The interaction waiting in the slot, if any.
    public func interaction(for key: PendingInteractionKey) -> PendingInteraction<Services>? {
        slots[key]
    }

    /// Puts `interaction` in the slot. Returns the one it replaced, which the caller should cancel
    /// (``CommandContext/expectInput(_:)`` does).
    @discardableResult
    public func set(_ interaction: PendingInteraction<Services>, for key: PendingInteractionKey) -> PendingInteraction<Services>? {
        slots.updateValue(interaction, forKey: key)
    }

    /// Empties the slot and returns what was in it.
    @discardableResult
    public func remove(for key: PendingInteractionKey) -> PendingInteraction<Services>? {
        slots.removeValue(forKey: key)
    }

    /// Empties the slot only if it still holds interaction `id`, so a flow that finished late
    /// can't clear a newer one. Returns whether it did.
    @discardableResult
    public func remove(_ id: PendingInteraction<Services>.ID, for key: PendingInteractionKey) -> Bool {
        guard slots[key]?.id == id else { return false }
        slots[key] = nil
        return true
    }

    /// Empties the slot and returns its interaction if that one takes input; in one step, so two
    /// messages can't both be taken as the same answer.
    func takeInputReceiver(for key: PendingInteractionKey) -> PendingInteraction<Services>? {
        guard slots[key]?.onInput != nil else { return nil }
        return slots.removeValue(forKey: key)
    }

    /// How many slots are in use.
    public var count: Int { slots.count }
}
