import COlm

/// The receiving half of a Megolm session, from an `m.room_key` (or an export). Not `Sendable`:
/// owned by one actor.
public final class MegolmInboundSession {
    let pointer: OpaquePointer
    private let memory: OlmMemory

    private init() {
        memory = OlmMemory(size: olm_inbound_group_session_size())
        pointer = olm_inbound_group_session(memory.raw)
    }

    deinit { _ = olm_clear_inbound_group_session(pointer) }

    private func check(_ result: Int, _ operation: String) throws(OlmError) -> Int {
        try OlmCall.check(result, operation) { olm_inbound_group_session_last_error(pointer) }
    }

    /// From the signed `session_key` of an `m.room_key`; a bad signature or format fails with
    /// `BAD_SESSION_KEY` / `BAD_SIGNATURE`.
    public static func create(sessionKey: String) throws(OlmError) -> MegolmInboundSession {
        let session = MegolmInboundSession()
        var key = OlmCall.scratchCopy(of: sessionKey)
        defer { OlmCall.wipe(&key) }
        let count = sessionKey.utf8.count
        let result = key.withUnsafeMutableBytes {
            olm_init_inbound_group_session(session.pointer, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count)
        }
        _ = try session.check(result, "olm_init_inbound_group_session")
        return session
    }

    /// From an unsigned export (``export(at:)``, forwarded keys, key backups).
    public static func `import`(exportedKey: String) throws(OlmError) -> MegolmInboundSession {
        let session = MegolmInboundSession()
        var key = OlmCall.scratchCopy(of: exportedKey)
        defer { OlmCall.wipe(&key) }
        let count = exportedKey.utf8.count
        let result = key.withUnsafeMutableBytes {
            olm_import_inbound_group_session(session.pointer, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count)
        }
        _ = try session.check(result, "olm_import_inbound_group_session")
        return session
    }

    /// Restores a session from ``pickle(key:)`` output.
    public static func unpickle(_ pickle: String, key: [UInt8]) throws(OlmError) -> MegolmInboundSession {
        let session = MegolmInboundSession()
        var input = OlmCall.scratchCopy(of: pickle)
        defer { OlmCall.wipe(&input) }
        let count = pickle.utf8.count
        let result = key.withUnsafeBytes { key in
            input.withUnsafeMutableBytes {
                olm_unpickle_inbound_group_session(session.pointer, key.baseAddress, key.count, $0.baseAddress, count)
            }
        }
        _ = try session.check(result, "olm_unpickle_inbound_group_session")
        return session
    }

    /// The session encrypted with `key`, as base64 text.
    public func pickle(key: [UInt8]) throws(OlmError) -> String {
        let length = olm_pickle_inbound_group_session_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { out in
            key.withUnsafeBytes { olm_pickle_inbound_group_session(pointer, $0.baseAddress, $0.count, out, length) }
        }
        _ = try check(result, "olm_pickle_inbound_group_session")
        return text
    }

    /// The session id (the sender's Megolm ed25519 key).
    public func sessionID() throws(OlmError) -> String {
        let length = olm_inbound_group_session_id_length(pointer)
        let (result, text) = OlmCall.readText(length: length) {
            olm_inbound_group_session_id(pointer, $0.assumingMemoryBound(to: UInt8.self), length)
        }
        _ = try check(result, "olm_inbound_group_session_id")
        return text
    }

    /// The first message index this session can decrypt.
    public var firstKnownIndex: UInt32 { olm_inbound_group_session_first_known_index(pointer) }

    /// The session exported from `index` on (fails with `UNKNOWN_MESSAGE_INDEX` below the first known).
    public func export(at index: UInt32) throws(OlmError) -> String {
        let length = olm_export_inbound_group_session_length(pointer)
        let (result, text) = OlmCall.readText(length: length) {
            olm_export_inbound_group_session(pointer, $0.assumingMemoryBound(to: UInt8.self), length, index)
        }
        _ = try check(result, "olm_export_inbound_group_session")
        return text
    }

    /// Decrypts a Megolm ciphertext → (plaintext, message index). A tampered message fails with
    /// `BAD_MESSAGE_MAC` or `BAD_SIGNATURE`; one before the first known index with `UNKNOWN_MESSAGE_INDEX`.
    public func decrypt(_ ciphertext: String) throws(OlmError) -> (plaintext: [UInt8], messageIndex: UInt32) {
        let count = ciphertext.utf8.count
        // Two copies: both calls decode the base64 in place.
        var probe = OlmCall.scratchCopy(of: ciphertext)
        let maxLength = try check(
            probe.withUnsafeMutableBytes {
                olm_group_decrypt_max_plaintext_length(pointer, $0.baseAddress?.assumingMemoryBound(to: UInt8.self), count)
            },
            "olm_group_decrypt_max_plaintext_length")
        var input = OlmCall.scratchCopy(of: ciphertext)
        var plaintext = [UInt8](repeating: 0, count: max(maxLength, 1))
        var index: UInt32 = 0
        let result = input.withUnsafeMutableBytes { input in
            plaintext.withUnsafeMutableBytes {
                olm_group_decrypt(pointer, input.baseAddress?.assumingMemoryBound(to: UInt8.self), count,
                                  $0.baseAddress?.assumingMemoryBound(to: UInt8.self), maxLength, &index)
            }
        }
        do {
            let length = try check(result, "olm_group_decrypt")
            let output = Array(plaintext[..<length])
            OlmCall.wipe(&plaintext)
            return (output, index)
        } catch {
            OlmCall.wipe(&plaintext)
            throw error
        }
    }
}
