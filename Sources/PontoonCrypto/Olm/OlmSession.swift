import COlm

/// One Olm (1:1 double ratchet) session with another device. Not `Sendable`: owned by one actor.
public final class OlmSession {
    let pointer: OpaquePointer
    private let memory: OlmMemory

    private init() {
        memory = OlmMemory(size: olm_session_size())
        pointer = olm_session(memory.raw)
    }

    deinit { _ = olm_clear_session(pointer) }

    private func check(_ result: Int, _ operation: String) throws(OlmError) -> Int {
        try OlmCall.check(result, operation) { olm_session_last_error(pointer) }
    }

    /// Starts a session to a device from its curve25519 identity key and a claimed one-time key.
    public static func outbound(account: OlmAccount, theirIdentityKey: String, theirOneTimeKey: String) throws(OlmError) -> OlmSession {
        let session = OlmSession()
        let identity = Array(theirIdentityKey.utf8), otk = Array(theirOneTimeKey.utf8)
        let length = olm_create_outbound_session_random_length(session.pointer)
        let result = OlmCall.withRandom(length) { random, randomLength in
            identity.withUnsafeBytes { identity in
                otk.withUnsafeBytes { otk in
                    olm_create_outbound_session(session.pointer, account.pointer, identity.baseAddress, identity.count,
                                                otk.baseAddress, otk.count, random, randomLength)
                }
            }
        }
        _ = try session.check(result, "olm_create_outbound_session")
        return session
    }

    /// Creates the session a pre-key (type 0) message started. With `theirIdentityKey`, libolm also
    /// checks that the message came from that key. The message is not decrypted yet.
    public static func inbound(account: OlmAccount, theirIdentityKey: String?, preKeyMessage: String) throws(OlmError) -> OlmSession {
        let session = OlmSession()
        var message = OlmCall.scratchCopy(of: preKeyMessage)
        let count = preKeyMessage.utf8.count
        let result: Int
        if let theirIdentityKey {
            let identity = Array(theirIdentityKey.utf8)
            result = identity.withUnsafeBytes { identity in
                message.withUnsafeMutableBytes {
                    olm_create_inbound_session_from(session.pointer, account.pointer, identity.baseAddress, identity.count, $0.baseAddress, count)
                }
            }
        } else {
            result = message.withUnsafeMutableBytes { olm_create_inbound_session(session.pointer, account.pointer, $0.baseAddress, count) }
        }
        _ = try session.check(result, theirIdentityKey == nil ? "olm_create_inbound_session" : "olm_create_inbound_session_from")
        return session
    }

    /// Restores a session from ``pickle(key:)`` output.
    public static func unpickle(_ pickle: String, key: [UInt8]) throws(OlmError) -> OlmSession {
        let session = OlmSession()
        var input = OlmCall.scratchCopy(of: pickle)
        defer { OlmCall.wipe(&input) }
        let count = pickle.utf8.count
        let result = key.withUnsafeBytes { key in
            input.withUnsafeMutableBytes { olm_unpickle_session(session.pointer, key.baseAddress, key.count, $0.baseAddress, count) }
        }
        _ = try session.check(result, "olm_unpickle_session")
        return session
    }

    /// The session encrypted with `key`, as base64 text.
    public func pickle(key: [UInt8]) throws(OlmError) -> String {
        let length = olm_pickle_session_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { out in
            key.withUnsafeBytes { olm_pickle_session(pointer, $0.baseAddress, $0.count, out, length) }
        }
        _ = try check(result, "olm_pickle_session")
        return text
    }

    /// The session's id (the same on both ends).
    public func sessionID() throws(OlmError) -> String {
        let length = olm_session_id_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { olm_session_id(pointer, $0, length) }
        _ = try check(result, "olm_session_id")
        return text
    }

    /// Whether the peer has replied; until then our messages are pre-key (type 0) messages.
    public var hasReceivedMessage: Bool { olm_session_has_received_message(pointer) != 0 }

    /// Whether a pre-key message belongs to this session (and, with the key, came from that key).
    public func matchesInbound(theirIdentityKey: String?, preKeyMessage: String) throws(OlmError) -> Bool {
        var message = OlmCall.scratchCopy(of: preKeyMessage)
        let count = preKeyMessage.utf8.count
        let result: Int
        if let theirIdentityKey {
            let identity = Array(theirIdentityKey.utf8)
            result = identity.withUnsafeBytes { identity in
                message.withUnsafeMutableBytes {
                    olm_matches_inbound_session_from(pointer, identity.baseAddress, identity.count, $0.baseAddress, count)
                }
            }
        } else {
            result = message.withUnsafeMutableBytes { olm_matches_inbound_session(pointer, $0.baseAddress, count) }
        }
        return try check(result, "olm_matches_inbound_session") == 1
    }

    /// Encrypts `plaintext`; the type is pre-key (0) until the peer has replied.
    public func encrypt(_ plaintext: [UInt8]) throws(OlmError) -> OlmMessage {
        let type = olm_encrypt_message_type(pointer)
        _ = try check(type, "olm_encrypt_message_type")
        let length = olm_encrypt_message_length(pointer, plaintext.count)
        let randomLength = olm_encrypt_random_length(pointer)
        let (result, body) = OlmCall.withRandom(randomLength) { random, randomLength in
            OlmCall.readText(length: length) { out in
                plaintext.withUnsafeBytes { olm_encrypt(pointer, $0.baseAddress, $0.count, random, randomLength, out, length) }
            }
        }
        _ = try check(result, "olm_encrypt")
        return OlmMessage(type: type == 0 ? .preKey : .normal, body: body)
    }

    /// Decrypts a message of this session; a tampered one fails with `BAD_MESSAGE_MAC`.
    public func decrypt(_ message: OlmMessage) throws(OlmError) -> [UInt8] {
        let count = message.body.utf8.count
        // Two copies: both calls decode the base64 in place.
        var probe = OlmCall.scratchCopy(of: message.body)
        let maxLength = try check(
            probe.withUnsafeMutableBytes { olm_decrypt_max_plaintext_length(pointer, message.type.rawValue, $0.baseAddress, count) },
            "olm_decrypt_max_plaintext_length")
        var input = OlmCall.scratchCopy(of: message.body)
        var plaintext = [UInt8](repeating: 0, count: max(maxLength, 1))
        let result = input.withUnsafeMutableBytes { input in
            plaintext.withUnsafeMutableBytes { olm_decrypt(pointer, message.type.rawValue, input.baseAddress, count, $0.baseAddress, maxLength) }
        }
        do {
            let length = try check(result, "olm_decrypt")
            let output = Array(plaintext[..<length])
            OlmCall.wipe(&plaintext)
            return output
        } catch {
            OlmCall.wipe(&plaintext)
            throw error
        }
    }
}

/// An Olm ciphertext as it travels in `m.room.encrypted` to-device content: `{type, body}`.
public struct OlmMessage: Sendable, Hashable {
    /// 0 starts a session (carries the one-time key), 1 is a normal ratchet message.
    public enum Kind: Int, Sendable, Hashable {
        case preKey = 0
        case normal = 1
    }

    public let type: Kind
    /// Unpadded base64.
    public let body: String

    public init(type: Kind, body: String) {
        self.type = type
        self.body = body
    }
}
