import PontoonMatrix

/// Where one Olm device's state lives between restarts. Every pickle is already encrypted with the
/// machine's pickle key; the other fields are what a SQL table needs as columns to look rows up.
///
/// One store instance belongs to one device (the bridge bot's); a SQL implementation scopes every
/// table by (user ID, device ID). Each method maps onto one table:
///
/// | kind | key | table |
/// |---|---|---|
/// | account | – | `crypto_account(pickle)` |
/// | Olm sessions | (sender key, session id) | `crypto_olm_session` |
/// | inbound Megolm | (room, sender key, session id) | `crypto_megolm_inbound` |
/// | outbound Megolm | room | `crypto_megolm_outbound` |
/// | room key shares | (room, session id, user, device) | `crypto_megolm_shared` |
/// | message indexes | (session id, index) → event id | `crypto_megolm_index` |
/// | devices | (user, device) | `crypto_device` |
public protocol CryptoStore: Sendable {
    /// The pickled account, `nil` before the first start.
    func loadAccount() async throws -> String?
    func saveAccount(pickle: String) async throws

    /// All Olm sessions with the device whose curve25519 key is `senderKey`.
    func loadOlmSessions(senderKey: String) async throws -> [OlmSessionRecord]
    /// Inserts or replaces the session (senderKey, sessionID).
    func saveOlmSession(_ record: OlmSessionRecord) async throws

    func loadInboundGroupSession(roomID: RoomID, senderKey: String, sessionID: String) async throws -> InboundGroupSessionRecord?
    /// Inserts or replaces the session (roomID, senderKey, sessionID).
    func saveInboundGroupSession(_ record: InboundGroupSessionRecord) async throws

    func loadOutboundGroupSession(roomID: RoomID) async throws -> OutboundGroupSessionRecord?
    /// Inserts or replaces the room's outbound session.
    func saveOutboundGroupSession(_ record: OutboundGroupSessionRecord) async throws
    /// Forgets the room's outbound session (and may drop its share rows).
    func deleteOutboundGroupSession(roomID: RoomID) async throws

    /// The devices that have been sent the room's outbound session `sessionID`.
    func loadSharedDevices(roomID: RoomID, sessionID: String) async throws -> Set<DeviceKey>
    func addSharedDevices(roomID: RoomID, sessionID: String, devices: Set<DeviceKey>) async throws

    /// Records that `eventID` used Megolm (sessionID, index), unless something already did, and
    /// returns the event that holds it now (the first one). Must be atomic (`INSERT … ON CONFLICT
    /// DO NOTHING` then `SELECT`): replay protection depends on it.
    func claimMessageIndex(sessionID: String, index: UInt32, eventID: EventID) async throws -> EventID

    /// Verified devices, by curve25519 key (who sent this Olm message?).
    func loadDevice(curve25519: String) async throws -> DeviceIdentity?
    func saveDevices(_ devices: [DeviceIdentity]) async throws
}

/// A pickled Olm session.
public struct OlmSessionRecord: Sendable, Hashable {
    /// The other device's curve25519 identity key.
    public var senderKey: String
    public var sessionID: String
    public var pickle: String
    /// When it last encrypted or decrypted (ms since 1970); the newest session is used to send.
    public var lastUsedMs: Int64

    public init(senderKey: String, sessionID: String, pickle: String, lastUsedMs: Int64) {
        self.senderKey = senderKey
        self.sessionID = sessionID
        self.pickle = pickle
        self.lastUsedMs = lastUsedMs
    }
}

/// A pickled inbound Megolm session and who it came from.
public struct InboundGroupSessionRecord: Sendable, Hashable {
    public var roomID: RoomID
    /// The curve25519 key of the Olm session that delivered it.
    public var senderKey: String
    public var sessionID: String
    /// The ed25519 key the `m.room_key` payload claimed for its sender (`keys.ed25519`).
    public var senderEd25519: String
    public var pickle: String

    public init(roomID: RoomID, senderKey: String, sessionID: String, senderEd25519: String, pickle: String) {
        self.roomID = roomID
        self.senderKey = senderKey
        self.sessionID = sessionID
        self.senderEd25519 = senderEd25519
        self.pickle = pickle
    }
}

/// A pickled outbound Megolm session with the facts rotation needs.
public struct OutboundGroupSessionRecord: Sendable, Hashable {
    public var roomID: RoomID
    public var sessionID: String
    public var pickle: String
    /// Creation time, ms since 1970.
    public var createdMs: Int64
    /// The room's rotation settings when the session was made.
    public var rotation: RotationPolicy

    public init(roomID: RoomID, sessionID: String, pickle: String, createdMs: Int64, rotation: RotationPolicy) {
        self.roomID = roomID
        self.sessionID = sessionID
        self.pickle = pickle
        self.createdMs = createdMs
        self.rotation = rotation
    }
}

/// When an outbound Megolm session must be replaced (`m.room.encryption`'s `rotation_period_ms`
/// and `rotation_period_msgs`; spec defaults one week and 100 messages).
public struct RotationPolicy: Sendable, Hashable {
    public var periodMs: Int64
    public var messages: Int

    public init(periodMs: Int64 = 604_800_000, messages: Int = 100) {
        self.periodMs = periodMs
        self.messages = messages
    }

    /// The room's settings with the spec defaults filled in.
    public init(_ encryption: EncryptionContent) {
        self.init(periodMs: encryption.effectiveRotationPeriodMs, messages: encryption.effectiveRotationPeriodMessages)
    }

    /// The spec defaults.
    public static let `default` = RotationPolicy()
}
