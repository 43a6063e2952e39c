import PontoonMatrix

extension OlmMachine {
    /// The signed `device_keys` object for `/keys/upload`.
    public func deviceKeys() throws(CryptoError) -> JSONValue {
        let unsigned: JSONValue = .object([
            "user_id": .string(userID.rawValue),
            "device_id": .string(deviceID),
            "algorithms": [.string(MatrixCryptoNames.olm), .string(MatrixCryptoNames.megolm)],
            "keys": .object([
                "curve25519:\(deviceID)": .string(identityKeys.curve25519),
                "ed25519:\(deviceID)": .string(identityKeys.ed25519),
            ]),
        ])
        return try signed(unsigned)
    }

    /// How many one-time keys the server should hold: half of what libolm can keep, as mautrix does.
    public var oneTimeKeyTarget: Int { account.maxOneTimeKeys / 2 }

    /// Generates enough one-time keys to bring the server's count (`serverCount`) up to `target`
    /// and returns every unpublished one, signed: `{"signed_curve25519:<id>": {key, signatures}}`.
    /// The account is saved before returning, so an upload never carries keys we could lose.
    public func oneTimeKeysToUpload(serverCount: Int, target: Int? = nil) async throws(CryptoError) -> JSONValue {
        let target = min(target ?? oneTimeKeyTarget, account.maxOneTimeKeys)
        let unpublished: Int
        do { unpublished = try account.oneTimeKeys().count } catch { throw .olm(error) }
        let missing = target - serverCount - unpublished
        if missing > 0 {
            do { try account.generateOneTimeKeys(missing) } catch { throw .olm(error) }
            try await saveAccount()
        }
        let keys: [String: String]
        do { keys = try account.oneTimeKeys() } catch { throw .olm(error) }
        return try signedKeys(keys, fallback: false)
    }

    /// The unpublished fallback key, signed (`{"signed_curve25519:<id>": {key, fallback: true, signatures}}`),
    /// making a new one first when `generate` is set or there is none unpublished.
    public func fallbackKeyToUpload(generate: Bool) async throws(CryptoError) -> JSONValue {
        var keys: [String: String]
        do { keys = try account.unpublishedFallbackKey() } catch { throw .olm(error) }
        if generate || keys.isEmpty {
            do {
                try account.generateFallbackKey()
                keys = try account.unpublishedFallbackKey()
            } catch { throw .olm(error) }
            try await saveAccount()
        }
        return try signedKeys(keys, fallback: true)
    }

    /// Reads a transaction's MSC3202 counts for this device and returns the `/keys/upload` body to
    /// send (`one_time_keys` and/or `fallback_keys`), or `nil` when nothing is needed. `nil` counts
    /// mean "not in this transaction" and ask for nothing.
    public func handleKeyCounts(oneTimeKeyCount: Int?, unusedFallbackKeyTypes: [String]?) async throws(CryptoError) -> JSONValue? {
        var body: [String: JSONValue] = [:]
        if let count = oneTimeKeyCount, count < oneTimeKeyTarget {
            body["one_time_keys"] = try await oneTimeKeysToUpload(serverCount: count)
        }
        if let types = unusedFallbackKeyTypes, !types.contains(MatrixCryptoNames.signedCurve25519) {
            body["fallback_keys"] = try await fallbackKeyToUpload(generate: false)
        }
        return body.isEmpty ? nil : .object(body)
    }

    /// The first `/keys/upload` body: device keys, one-time keys up to the target, a fallback key.
    public func initialKeyUpload() async throws(CryptoError) -> JSONValue {
        .object([
            "device_keys": try deviceKeys(),
            "one_time_keys": try await oneTimeKeysToUpload(serverCount: 0),
            "fallback_keys": try await fallbackKeyToUpload(generate: false),
        ])
    }

    /// Call after a successful `/keys/upload`: the uploaded keys stop being offered again.
    public func markKeysPublished() async throws(CryptoError) {
        account.markKeysAsPublished()
        try await saveAccount()
    }

    /// `object` signed by this device (over its canonical JSON, without `signatures`/`unsigned`).
    public func signed(_ object: JSONValue) throws(CryptoError) -> JSONValue {
        let bytes = try SignedJSON.signingBytes(of: object)
        let signature: String
        do { signature = try account.sign(bytes) } catch { throw .olm(error) }
        return SignedJSON.adding(signature: signature, signer: userID.rawValue, keyID: "ed25519:\(deviceID)", to: object)
    }

    private func signedKeys(_ keys: [String: String], fallback: Bool) throws(CryptoError) -> JSONValue {
        var result: [String: JSONValue] = [:]
        for (id, key) in keys {
            var object: [String: JSONValue] = ["key": .string(key)]
            if fallback { object["fallback"] = true }
            result["\(MatrixCryptoNames.signedCurve25519):\(id)"] = try signed(.object(object))
        }
        return .object(result)
    }
}
