import PontoonMatrix

/// Signing and verifying JSON objects the Matrix way (spec appendix "Signing JSON"): the signature
/// covers the canonical JSON of the object without `signatures` and `unsigned`, and is stored at
/// `signatures.<user_id>.<"ed25519:" + key id>`.
public enum SignedJSON {
    /// The bytes that are signed: canonical JSON without `signatures` and `unsigned`.
    public static func signingBytes(of object: JSONValue) throws(CryptoError) -> [UInt8] {
        guard var members = object.objectValue else { throw .malformed("a signed value must be a JSON object") }
        members["signatures"] = nil
        members["unsigned"] = nil
        do {
            return try CanonicalJSON.encode(.object(members))
        } catch {
            throw .malformed("no canonical JSON: \(error)")
        }
    }

    /// `object` with `signature` added under `signatures.<signer>.<keyID>`, keeping other signatures.
    public static func adding(signature: String, signer: String, keyID: String, to object: JSONValue) -> JSONValue {
        guard var members = object.objectValue else { return object }
        var signatures = members["signatures"]?.objectValue ?? [:]
        var mine = signatures[signer]?.objectValue ?? [:]
        mine[keyID] = .string(signature)
        signatures[signer] = .object(mine)
        members["signatures"] = .object(signatures)
        return .object(members)
    }

    /// Checks that `object` carries a valid ed25519 signature by `signer` with key `keyID`
    /// (e.g. `ed25519:DEVICE`) from `publicKey`. Fails with ``CryptoError/missingSignature(_:)`` or
    /// ``CryptoError/badSignature(_:)``.
    public static func verify(_ object: JSONValue, signer: String, keyID: String, publicKey: String) throws(CryptoError) {
        guard let signature = object["signatures"]?[signer]?[keyID]?.stringValue else {
            throw .missingSignature("\(signer) \(keyID)")
        }
        let bytes = try signingBytes(of: object)
        guard Ed25519Verifier.isValid(signature: signature, of: bytes, publicKey: publicKey) else {
            throw .badSignature("\(signer) \(keyID)")
        }
    }
}
