import PontoonMatrix

/// A to-device event after Olm decryption and the payload checks.
public struct DecryptedToDevice: Sendable, Hashable {
    public let sender: UserID
    /// The sending device's curve25519 key (the Olm session's peer).
    public let senderKey: String
    /// `sender_device` from the payload, when given.
    public let senderDevice: String?
    /// The ed25519 key the payload claims (`keys.ed25519`); checked against the device when known.
    public let senderEd25519: String
    /// Whether the sender key belongs to a device we verified via `/keys/query`.
    public let senderVerified: Bool
    /// The inner event type, e.g. `m.room_key`.
    public let type: String
    /// The inner content.
    public let content: JSONValue
    /// For `m.room_key`: the room and session that are now stored.
    public let roomKey: RoomKeyReceived?
}

/// An `m.room_key` that was stored: (room, sender key, session id).
public struct RoomKeyReceived: Sendable, Hashable {
    public let roomID: RoomID
    public let sessionID: String
}
