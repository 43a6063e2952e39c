/// `device_lists` of a transaction (MSC3202): users whose devices changed, and users the bridge no
/// longer shares a room with. (Synapse 1.163 always sends `left` empty.)
public struct DeviceListChanges: Sendable, Hashable, Codable {
    public var changed: [UserID]
    public var left: [UserID]

    public init(changed: [UserID] = [], left: [UserID] = []) {
        self.changed = changed
        self.left = left
    }

    /// Whether neither list has anyone.
    public var isEmpty: Bool { changed.isEmpty && left.isEmpty }
}
