import COlm

/// The sending half of a Megolm session: one per room, shared with members over Olm and rotated.
/// Not `Sendable`: owned by one actor.
public final class MegolmOutboundSession {
    let pointer: OpaquePointer
    private let memory: OlmMemory

    private init() {
        memory = OlmMemory(size: olm_outbound_group_session_size())
        pointer = olm_outbound_group_session(memory.raw)
    }

    deinit { _ = olm_clear_outbound_group_session(pointer) }

    private func check(_ result: Int, _ operation: String) throws(OlmError) -> Int {
        try OlmCall.check(result, operation) { olm_outbound_group_session_last_error(pointer) }
    }

    /// A new session with a fresh ratchet and signing key.
    public static func create() throws(OlmError) -> MegolmOutboundSession {
        let session = MegolmOutboundSession()
        let length = olm_init_outbound_group_session_random_length(session.pointer)
        let result = OlmCall.withRandom(length) { random, length in
            olm_init_outbound_group_session(session.pointer, random.assumingMemoryBound(to: UInt8.self), length)
        }
        _ = try session.check(result, "olm_init_outbound_group_session")
        return session
    }

    /// Restores a session from ``pickle(key:)`` output.
    public static func unpickle(_ pickle: String, key: [UInt8]) throws(OlmError) -> MegolmOutboundSession {
        let session = MegolmOutboundSession()
        var input = OlmCall.scratchCopy(of: pickle)
        defer { OlmCall.wipe(&input) }
        let count = pickle.utf8.count
        let result = key.withUnsafeBytes { key in
            input.withUnsafeMutableBytes {
                olm_unpickle_outbound_group_session(session.pointer, key.baseAddress, key.count, $0.baseAddress, count)
            }
        }
        _ = try session.check(result, "olm_unpickle_outbound_group_session")
        return session
    }

    /// The session encrypted with `key`, as base64 text.
    public func pickle(key: [UInt8]) throws(OlmError) -> String {
        let length = olm_pickle_outbound_group_session_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { out in
            key.withUnsafeBytes { olm_pickle_outbound_group_session(pointer, $0.baseAddress, $0.count, out, length) }
        }
        _ = try check(result, "olm_pickle_outbound_group_session")
        return text
    }

    /// The session id (its ed25519 public key), the `session_id` of events and room keys.
    public func sessionID() throws(OlmError) -> String {
        let length = olm_outbound_group_session_id_length(pointer)
        let (result, text) = OlmCall.readText(length: length) {
            olm_outbound_group_session_id(pointer, $0.assumingMemoryBound(to: UInt8.self), length)
        }
        _ = try check(result, "olm_outbound_group_session_id")
        return text
    }

    /// The `session_key` for `m.room_key`: the ratchet at the current index, signed.
    public func sessionKey() throws(OlmError) -> String {
        let length = olm_outbound_group_session_key_length(pointer)
        let (result, text) = OlmCall.readText(length: length) {
            olm_outbound_group_session_key(pointer, $0.assumingMemoryBound(to: UInt8.self), length)
        }
        _ = try check(result, "olm_outbound_group_session_key")
        return text
    }

    /// The index the next message will get (= messages encrypted so far).
    public var messageIndex: UInt32 { olm_outbound_group_session_message_index(pointer) }

    /// Encrypts the event JSON (`{type, content, room_id}`), advancing the ratchet.
    public func encrypt(_ plaintext: [UInt8]) throws(OlmError) -> String {
        let length = olm_group_encrypt_message_length(pointer, plaintext.count)
        let (result, text) = OlmCall.readText(length: length) { out in
            plaintext.withUnsafeBytes {
                olm_group_encrypt(pointer, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), $0.count,
                                  out.assumingMemoryBound(to: UInt8.self), length)
            }
        }
        _ = try check(result, "olm_group_encrypt")
        return text
    }
}
