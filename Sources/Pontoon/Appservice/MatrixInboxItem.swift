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
/// Items arrive in the order the homeserver sent them. Delivery is at-least-once: an item is
/// removed from the journal after `handle` returns, so a crash in between hands it over again
/// after the restart, and handlers must recognise what they already did (by event ID).
public protocol MatrixEventHandler: Sendable {
    func handle(_ item: MatrixInboxItem) async
}
