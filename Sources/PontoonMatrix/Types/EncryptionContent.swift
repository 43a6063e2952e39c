/// Content of `m.room.encryption`: the room is encrypted, and how.
public struct EncryptionContent: EventContent {
    public static var eventType: String { "m.room.encryption" }

    /// The Megolm algorithm name.
    public static let megolmAlgorithm = "m.megolm.v1.aes-sha2"

    public var algorithm: String
    /// `rotation_period_ms`; ``effectiveRotationPeriodMs`` applies the spec default.
    public var rotationPeriodMs: Int64?
    /// `rotation_period_msgs`; ``effectiveRotationPeriodMessages`` applies the spec default.
    public var rotationPeriodMsgs: Int?
    public var extra: [String: JSONValue] = [:]

    public init(algorithm: String = EncryptionContent.megolmAlgorithm, rotationPeriodMs: Int64? = nil, rotationPeriodMsgs: Int? = nil) {
        self.algorithm = algorithm
        self.rotationPeriodMs = rotationPeriodMs
        self.rotationPeriodMsgs = rotationPeriodMsgs
    }

    /// How long an outbound Megolm session may be used: the given value or one week.
    public var effectiveRotationPeriodMs: Int64 { rotationPeriodMs ?? 604_800_000 }
    /// How many messages an outbound Megolm session may encrypt: the given value or 100.
    public var effectiveRotationPeriodMessages: Int { rotationPeriodMsgs ?? 100 }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        algorithm = try reader.requiredString("algorithm")
        rotationPeriodMs = try reader.int64("rotation_period_ms")
        rotationPeriodMsgs = try reader.int("rotation_period_msgs")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["algorithm"] = .string(algorithm)
        if let rotationPeriodMs { object["rotation_period_ms"] = .int(rotationPeriodMs) }
        if let rotationPeriodMsgs { object["rotation_period_msgs"] = .int(Int64(rotationPeriodMsgs)) }
        return .object(object)
    }
}
