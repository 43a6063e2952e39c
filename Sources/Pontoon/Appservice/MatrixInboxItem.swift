import PontoonMatrix

/// One thing the homeserver pushed, as the dispatcher hands it to the bridge.
public enum MatrixInboxItem: Sendable {
    /// A room event (PDU).
    case event(ClientEvent)
    /// An ephemeral event: typing, receipt, presence.
    case ephemeral(EphemeralEvent)
    /// A to-device event for one of the bridge's devices (encryption keys travel this way).
    case toDevice(ToDeviceEvent)
    /// Device-list changes and key counts the homeserver reported with a transaction.
    case deviceState(DeviceState)
}

/// The encryption-related extras of a transaction (MSC3202), kept together because they
/// describe the state at one moment rather than individual events.
public struct DeviceState: Sendable, Hashable, Codable {
    /// Users whose device lists changed or who left all shared rooms.
    public var deviceLists: DeviceListChanges?
    /// user → device → algorithm → count of unused one-time keys.
    public var oneTimeKeyCounts: [UserID: [String: [String: Int]]]
    /// user → device → algorithms that still have an unused fallback key.
    public var unusedFallbackKeyTypes: [UserID: [String: [String]]]

    public init(
        deviceLists: DeviceListChanges?, oneTimeKeyCounts: [UserID: [String: [String: Int]]],
        unusedFallbackKeyTypes: [UserID: [String: [String]]]
    ) {
        self.deviceLists = deviceLists
        self.oneTimeKeyCounts = oneTimeKeyCounts
        self.unusedFallbackKeyTypes = unusedFallbackKeyTypes
    }

    /// Whether the transaction carried any of these extras.
    public var isEmpty: Bool {
        (deviceLists?.changed.isEmpty ?? true) && (deviceLists?.left.isEmpty ?? true)
            && oneTimeKeyCounts.isEmpty && unusedFallbackKeyTypes.isEmpty
    }
}

/// What the bridge does with each item the homeserver pushed.
///
/// Items arrive in the order the homeserver sent them. An item stays in the journal until its
/// delivery is completed, so a crash before that hands it over again after the restart (at least
/// once): handlers complete a delivery only when its effects are durable, and recognise what they
/// already did (by event ID) when an item comes again.
public protocol MatrixEventHandler: Sendable {
    /// Takes one item. Call `delivery.complete()` when done — here, or later from a portal queue, so
    /// slow portals don't hold up the dispatcher while nothing is lost if the bridge dies meanwhile.
    func handle(_ delivery: InboxDelivery) async
}

/// One journaled item handed to the bridge, with the way to say it is done.
public struct InboxDelivery: Sendable {
    public let item: MatrixInboxItem
    let seq: Int64
    let completion: InboxCompletion

    init(item: MatrixInboxItem, seq: Int64, completion: InboxCompletion) {
        self.item = item
        self.seq = seq
        self.completion = completion
    }

    /// Marks the item handled; it is removed from the journal (in batches). Calling it twice is harmless.
    public func complete() {
        completion.complete(seq)
    }
}
