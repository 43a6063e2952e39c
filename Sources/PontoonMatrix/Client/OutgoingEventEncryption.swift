import Synchronization

/// Encrypts message events on their way into encrypted rooms, for every intent of a client: the
/// bot's, the ghosts' and the double puppets', so no send path can leak cleartext into such a room.
public protocol OutgoingEventEncryptor: Sendable {
    /// The encoded `m.room.encrypted` content to send instead of (`type`, `encodedContent`) into
    /// `room` as `sender`, or `nil` when the room is not encrypted. The content arrives encoded, as
    /// it goes out, so a send into an unencrypted room costs no parsing. Throws when the room is
    /// encrypted but the event could not be: sending it in the clear is never the fallback.
    func encrypt(type: String, encodedContent: [UInt8], in room: RoomID, sender: UserID) async throws -> [UInt8]?
}

/// The encryptor a ``HomeserverClient``'s intents use, installed once encryption has started
/// (the client exists before the encryption state is loaded).
public final class OutgoingEventEncryption: Sendable {
    private let current = Mutex<(any OutgoingEventEncryptor)?>(nil)

    public init() {}

    public var encryptor: (any OutgoingEventEncryptor)? { current.withLock { $0 } }

    public func install(_ encryptor: (any OutgoingEventEncryptor)?) {
        current.withLock { $0 = encryptor }
    }
}
