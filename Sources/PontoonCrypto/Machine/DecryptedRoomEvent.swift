import PontoonMatrix

/// A Megolm room event after decryption, replay and room checks.
public struct DecryptedRoomEvent: Sendable, Hashable {
    /// The inner event type, e.g. `m.room.message`.
    public let type: String
    /// The inner content.
    public let content: JSONValue
    /// The curve25519 key of the device that shared the session.
    public let senderKey: String
    /// The ed25519 key that device claimed when it shared the session.
    public let senderEd25519: String
    public let sessionID: String
    public let messageIndex: UInt32
}
