import COlm
import PontoonMatrix

/// A device's long-term Olm identity: its curve25519/ed25519 identity keys, one-time keys and
/// fallback key. Owns its libolm object; not `Sendable`, so it stays inside the actor that owns it.
public final class OlmAccount {
    let pointer: OpaquePointer
    private let memory: OlmMemory

    private init() {
        memory = OlmMemory(size: olm_account_size())
        pointer = olm_account(memory.raw)
    }

    deinit { _ = olm_clear_account(pointer) }

    private func check(_ result: Int, _ operation: String) throws(OlmError) -> Int {
        try OlmCall.check(result, operation) { olm_account_last_error(pointer) }
    }

    /// A new account from fresh CSPRNG output.
    public static func create() throws(OlmError) -> OlmAccount {
        let account = OlmAccount()
        let length = olm_create_account_random_length(account.pointer)
        let result = OlmCall.withRandom(length) { olm_create_account(account.pointer, $0, $1) }
        _ = try account.check(result, "olm_create_account")
        return account
    }

    /// Restores an account from ``pickle(key:)`` output; a wrong key fails with `BAD_ACCOUNT_KEY`.
    public static func unpickle(_ pickle: String, key: [UInt8]) throws(OlmError) -> OlmAccount {
        let account = OlmAccount()
        var input = OlmCall.scratchCopy(of: pickle)
        defer { OlmCall.wipe(&input) }
        let count = pickle.utf8.count
        let result = key.withUnsafeBytes { key in
            input.withUnsafeMutableBytes { olm_unpickle_account(account.pointer, key.baseAddress, key.count, $0.baseAddress, count) }
        }
        _ = try account.check(result, "olm_unpickle_account")
        return account
    }

    /// The account encrypted with `key` (libolm's AES-256 pickle), as base64 text.
    public func pickle(key: [UInt8]) throws(OlmError) -> String {
        let (result, text) = OlmCall.readText(length: olm_pickle_account_length(pointer)) { out in
            key.withUnsafeBytes { olm_pickle_account(pointer, $0.baseAddress, $0.count, out, olm_pickle_account_length(pointer)) }
        }
        _ = try check(result, "olm_pickle_account")
        return text
    }

    /// The public identity keys.
    public func identityKeys() throws(OlmError) -> IdentityKeys {
        let length = olm_account_identity_keys_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { olm_account_identity_keys(pointer, $0, length) }
        _ = try check(result, "olm_account_identity_keys")
        guard let json = try? JSONValue(parsing: text),
              let curve = json["curve25519"]?.stringValue, let ed = json["ed25519"]?.stringValue
        else { throw OlmError(code: .badMessageFormat, operation: "olm_account_identity_keys") }
        return IdentityKeys(curve25519: curve, ed25519: ed)
    }

    /// The unpadded-base64 ed25519 signature of `message` with the identity key.
    public func sign(_ message: [UInt8]) throws(OlmError) -> String {
        let length = olm_account_signature_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { out in
            message.withUnsafeBytes { olm_account_sign(pointer, $0.baseAddress, $0.count, out, length) }
        }
        _ = try check(result, "olm_account_sign")
        return text
    }

    /// How many one-time keys the account can hold (100 in libolm 3.2).
    public var maxOneTimeKeys: Int { olm_account_max_number_of_one_time_keys(pointer) }

    /// Generates `count` new one-time keys (older unpublished ones beyond the maximum are dropped).
    public func generateOneTimeKeys(_ count: Int) throws(OlmError) {
        guard count > 0 else { return }
        let length = olm_account_generate_one_time_keys_random_length(pointer, count)
        let result = OlmCall.withRandom(length) { olm_account_generate_one_time_keys(pointer, count, $0, $1) }
        _ = try check(result, "olm_account_generate_one_time_keys")
    }

    /// The unpublished one-time keys: key id → curve25519 public key.
    public func oneTimeKeys() throws(OlmError) -> [String: String] {
        let length = olm_account_one_time_keys_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { olm_account_one_time_keys(pointer, $0, length) }
        _ = try check(result, "olm_account_one_time_keys")
        return try Self.curveKeys(text, "olm_account_one_time_keys")
    }

    /// Marks the current one-time keys and fallback key as published, after a successful upload.
    public func markKeysAsPublished() {
        _ = olm_account_mark_keys_as_published(pointer)
    }

    /// Makes a new fallback key; the previous one is kept until ``forgetOldFallbackKey()``.
    public func generateFallbackKey() throws(OlmError) {
        let length = olm_account_generate_fallback_key_random_length(pointer)
        let result = OlmCall.withRandom(length) { olm_account_generate_fallback_key(pointer, $0, $1) }
        _ = try check(result, "olm_account_generate_fallback_key")
    }

    /// The fallback key that has not been published yet (empty when there is none).
    public func unpublishedFallbackKey() throws(OlmError) -> [String: String] {
        let length = olm_account_unpublished_fallback_key_length(pointer)
        let (result, text) = OlmCall.readText(length: length) { olm_account_unpublished_fallback_key(pointer, $0, length) }
        _ = try check(result, "olm_account_unpublished_fallback_key")
        return try Self.curveKeys(text, "olm_account_unpublished_fallback_key")
    }

    /// Drops the fallback key before the current one, once peers have had time to stop using it.
    public func forgetOldFallbackKey() {
        olm_account_forget_old_fallback_key(pointer)
    }

    /// Burns the one-time key that `session` (an inbound session) was created from, so it can't be
    /// used again. A session made from the fallback key is not an error.
    public func removeOneTimeKeys(usedBy session: OlmSession) throws(OlmError) {
        _ = try check(olm_remove_one_time_keys(pointer, session.pointer), "olm_remove_one_time_keys")
    }

    /// `{"curve25519":{"AAAAAQ":"key",…}}` → `["AAAAAQ": "key"]`.
    private static func curveKeys(_ text: String, _ operation: String) throws(OlmError) -> [String: String] {
        guard let json = try? JSONValue(parsing: text), let keys = json["curve25519"]?.objectValue else {
            throw OlmError(code: .badMessageFormat, operation: operation)
        }
        var result: [String: String] = [:]
        for (id, key) in keys {
            guard let key = key.stringValue else { throw OlmError(code: .badMessageFormat, operation: operation) }
            result[id] = key
        }
        return result
    }
}

/// A device's public identity keys, unpadded base64.
public struct IdentityKeys: Sendable, Hashable {
    public let curve25519: String
    public let ed25519: String

    public init(curve25519: String, ed25519: String) {
        self.curve25519 = curve25519
        self.ed25519 = ed25519
    }
}
