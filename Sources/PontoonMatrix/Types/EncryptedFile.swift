/// An encrypted attachment (`file` / `thumbnail_file` in media messages): where the ciphertext is
/// and how to decrypt it (AES-CTR-256 with the key as a JWK, SHA-256 of the ciphertext).
public struct EncryptedFile: JSONObjectCodable {
    /// The ciphertext.
    public var url: MXCURI
    /// The AES key.
    public var key: JSONWebKey
    /// Unpadded base64 of the 16-byte counter block.
    public var iv: String
    /// Hash algorithm → unpadded base64 of the ciphertext's hash; `sha256` is required by the spec.
    public var hashes: [String: String]
    /// Format version, `v2`.
    public var v: String
    public var extra: [String: JSONValue] = [:]

    public init(url: MXCURI, key: JSONWebKey, iv: String, hashes: [String: String], v: String = "v2") {
        self.url = url
        self.key = key
        self.iv = iv
        self.hashes = hashes
        self.v = v
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        url = try reader.requiredIdentifier("url")
        key = try reader.requiredNested("key")
        iv = try reader.requiredString("iv")
        hashes = try reader.required("hashes", "an object of strings") { value in
            guard let members = value.objectValue else { return nil }
            var hashes: [String: String] = [:]
            for (algorithm, hash) in members {
                guard let hash = hash.stringValue else { return nil }
                hashes[algorithm] = hash
            }
            return hashes
        }
        v = try reader.requiredString("v")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["url"] = .string(url.rawValue)
        object["key"] = key.json
        object["iv"] = .string(iv)
        object["hashes"] = .object(hashes.mapValues { .string($0) })
        object["v"] = .string(v)
        return .object(object)
    }
}

/// The JSON Web Key of an ``EncryptedFile``.
public struct JSONWebKey: JSONObjectCodable {
    /// Key type, `oct`.
    public var kty: String
    /// Allowed operations; must include `encrypt` and `decrypt`.
    public var keyOps: [String]
    /// Algorithm, `A256CTR`.
    public var alg: String
    /// The key, unpadded URL-safe base64.
    public var k: String
    /// Extractable; must be `true`.
    public var ext: Bool
    public var extra: [String: JSONValue] = [:]

    public init(k: String, kty: String = "oct", keyOps: [String] = ["encrypt", "decrypt"], alg: String = "A256CTR", ext: Bool = true) {
        self.kty = kty
        self.keyOps = keyOps
        self.alg = alg
        self.k = k
        self.ext = ext
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        kty = try reader.requiredString("kty")
        keyOps = try reader.stringArray("key_ops") ?? []
        alg = try reader.requiredString("alg")
        k = try reader.requiredString("k")
        ext = try reader.bool("ext") ?? false
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["kty"] = .string(kty)
        object["key_ops"] = .array(keyOps.map { .string($0) })
        object["alg"] = .string(alg)
        object["k"] = .string(k)
        object["ext"] = .bool(ext)
        return .object(object)
    }
}
