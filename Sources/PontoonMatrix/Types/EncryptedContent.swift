/// Content of `m.room.encrypted`, in a room (Megolm) or to-device (Olm).
public struct EncryptedContent: EventContent {
    public static var eventType: String { "m.room.encrypted" }

    /// `m.megolm.v1.aes-sha2` or `m.olm.v1.curve25519-aes-sha2`.
    public var algorithm: String
    /// Megolm: the base64 ciphertext string. Olm: recipient curve25519 key → `{type, body}`.
    public var ciphertext: JSONValue
    /// The sender's curve25519 key (deprecated for Megolm, still sent).
    public var senderKey: String?
    /// The sending device (Megolm; deprecated, still sent).
    public var deviceID: String?
    /// The Megolm session.
    public var sessionID: String?
    /// `m.relates_to` stays unencrypted so servers can aggregate relations.
    public var relatesTo: Relation?
    public var extra: [String: JSONValue] = [:]

    public init(algorithm: String, ciphertext: JSONValue, senderKey: String? = nil, deviceID: String? = nil, sessionID: String? = nil, relatesTo: Relation? = nil) {
        self.algorithm = algorithm
        self.ciphertext = ciphertext
        self.senderKey = senderKey
        self.deviceID = deviceID
        self.sessionID = sessionID
        self.relatesTo = relatesTo
    }

    /// The Megolm ciphertext, when it is a string.
    public var megolmCiphertext: String? { ciphertext.stringValue }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        algorithm = try reader.requiredString("algorithm")
        ciphertext = try reader.required("ciphertext", "a string or an object") { value in
            switch value {
            case .string, .object: value
            default: nil
            }
        }
        senderKey = try reader.string("sender_key")
        deviceID = try reader.string("device_id")
        sessionID = try reader.string("session_id")
        relatesTo = try reader.nested("m.relates_to")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["algorithm"] = .string(algorithm)
        object["ciphertext"] = ciphertext
        if let senderKey { object["sender_key"] = .string(senderKey) }
        if let deviceID { object["device_id"] = .string(deviceID) }
        if let sessionID { object["session_id"] = .string(sessionID) }
        if let relatesTo { object["m.relates_to"] = relatesTo.json }
        return .object(object)
    }
}
