import PontoonMatrix

/// A ``CryptoStore`` in memory, for tests and throwaway devices.
public actor InMemoryCryptoStore: CryptoStore {
    private var account: String?
    private var olmSessions: [String: [String: OlmSessionRecord]] = [:]
    private var inbound: [InboundKey: InboundGroupSessionRecord] = [:]
    private var outbound: [RoomID: OutboundGroupSessionRecord] = [:]
    private var shared: [SharedKey: Set<DeviceKey>] = [:]
    private var indexes: [IndexKey: EventID] = [:]
    private var devices: [String: DeviceIdentity] = [:]

    private struct InboundKey: Hashable { let roomID: RoomID, senderKey: String, sessionID: String }
    private struct SharedKey: Hashable { let roomID: RoomID, sessionID: String }
    private struct IndexKey: Hashable { let sessionID: String, index: UInt32 }

    public init() {}

    public func loadAccount() -> String? { account }
    public func saveAccount(pickle: String) { account = pickle }

    public func loadOlmSessions(senderKey: String) -> [OlmSessionRecord] {
        Array((olmSessions[senderKey] ?? [:]).values)
    }

    public func saveOlmSession(_ record: OlmSessionRecord) {
        olmSessions[record.senderKey, default: [:]][record.sessionID] = record
    }

    public func loadInboundGroupSession(roomID: RoomID, senderKey: String, sessionID: String) -> InboundGroupSessionRecord? {
        inbound[InboundKey(roomID: roomID, senderKey: senderKey, sessionID: sessionID)]
    }

    public func saveInboundGroupSession(_ record: InboundGroupSessionRecord) {
        inbound[InboundKey(roomID: record.roomID, senderKey: record.senderKey, sessionID: record.sessionID)] = record
    }

    public func loadOutboundGroupSession(roomID: RoomID) -> OutboundGroupSessionRecord? { outbound[roomID] }
    public func saveOutboundGroupSession(_ record: OutboundGroupSessionRecord) { outbound[record.roomID] = record }
    public func deleteOutboundGroupSession(roomID: RoomID) { outbound[roomID] = nil }

    public func loadSharedDevices(roomID: RoomID, sessionID: String) -> Set<DeviceKey> {
        shared[SharedKey(roomID: roomID, sessionID: sessionID)] ?? []
    }

    public func addSharedDevices(roomID: RoomID, sessionID: String, devices: Set<DeviceKey>) {
        shared[SharedKey(roomID: roomID, sessionID: sessionID), default: []].formUnion(devices)
    }

    public func claimMessageIndex(sessionID: String, index: UInt32, eventID: EventID) -> EventID {
        let key = IndexKey(sessionID: sessionID, index: index)
        if let first = indexes[key] { return first }
        indexes[key] = eventID
        return eventID
    }

    public func loadDevice(curve25519: String) -> DeviceIdentity? { devices[curve25519] }

    public func saveDevices(_ list: [DeviceIdentity]) {
        for device in list { devices[device.curve25519] = device }
    }

    /// How many Olm sessions are stored (for tests).
    public var olmSessionCount: Int { olmSessions.values.reduce(0) { $0 + $1.count } }
}
