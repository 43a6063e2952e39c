import Foundation

/// A to-device event from a transaction (MSC2409): the client-server to-device event plus the
/// local recipient, `to_user_id` and `to_device_id`, that the bridge must route it to.
///
/// Keeps the whole object in ``raw``; equality compares ``raw`` only.
public struct ToDeviceEvent: Sendable, Hashable {
    public let type: String
    public let sender: UserID?
    /// `to_user_id`: which of the bridge's users it is for.
    public let toUserID: UserID?
    /// `to_device_id`: which of that user's devices.
    public let toDeviceID: String?
    /// Always an object (`{}` when absent or not an object).
    public let content: JSONValue
    /// The event as received.
    public let raw: JSONValue
    /// Members present but unusable.
    public let invalidFields: [InvalidField]

    /// Decodes a to-device event; throws only when `json` is not an object or has no string `type`.
    public init(json: JSONValue) throws(EventDecodingError) {
        var envelope = try EventEnvelopeReader(json)
        type = try envelope.type()
        sender = envelope.identifier("sender")
        toUserID = envelope.identifier("to_user_id")
        toDeviceID = envelope.string("to_device_id")
        content = envelope.content()
        raw = json
        invalidFields = envelope.invalidFields
    }

    /// Parses and decodes a to-device event from JSON bytes, e.g. as stored from ``rawJSON()``.
    public init(jsonBytes: some Collection<UInt8>) throws(EventDecodingError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: jsonBytes)
        } catch {
            throw .notJSON(error)
        }
        try self.init(json: json)
    }

    /// The event as compact JSON, for durable storage.
    public func rawJSON() -> Data { raw.jsonData() }

    /// The content as `m.room.encrypted` (Olm), when that is the type and it decodes.
    public var encryptedContent: EncryptedContent? {
        guard type == EncryptedContent.eventType else { return nil }
        return try? EncryptedContent(json: content)
    }

    /// Decodes ``content`` as a specific content type.
    public func decodeContent<T: JSONObjectCodable>(as type: T.Type = T.self) throws(ContentDecodingError) -> T {
        try T(json: content)
    }

    public static func == (lhs: ToDeviceEvent, rhs: ToDeviceEvent) -> Bool { lhs.raw == rhs.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}
