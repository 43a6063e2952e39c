import Foundation

/// An ephemeral event (EDU) from a transaction: typing, receipts, presence.
///
/// Like ``ClientEvent``, keeps the whole object in ``raw``; equality compares ``raw`` only.
public struct EphemeralEvent: Sendable, Hashable {
    public let type: String
    /// The room, for typing notifications and receipts.
    public let roomID: RoomID?
    /// The user, for presence.
    public let sender: UserID?
    /// Always an object (`{}` when absent or not an object).
    public let content: JSONValue
    /// The event as received.
    public let raw: JSONValue
    /// Members present but unusable.
    public let invalidFields: [InvalidField]

    /// Decodes an EDU; throws only when `json` is not an object or has no string `type`.
    public init(json: JSONValue) throws(EventDecodingError) {
        var envelope = try EventEnvelopeReader(json)
        type = try envelope.type()
        roomID = envelope.identifier("room_id")
        sender = envelope.identifier("sender")
        content = envelope.content()
        raw = json
        invalidFields = envelope.invalidFields
    }

    /// Parses and decodes an EDU from JSON bytes, e.g. as stored from ``rawJSON()``.
    public init(jsonBytes: some Collection<UInt8>) throws(EventDecodingError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: jsonBytes)
        } catch {
            throw .notJSON(error)
        }
        try self.init(json: json)
    }

    /// The EDU as compact JSON, for durable storage.
    public func rawJSON() -> Data { raw.jsonData() }

    /// The typed content; a known type that does not decode becomes ``EphemeralContent/unknown(type:content:)``.
    public var typedContent: EphemeralContent { decodeTypedContent().content }

    /// The typed content and, when a known type failed to decode, why.
    public func decodeTypedContent() -> (content: EphemeralContent, failure: ContentDecodingError?) {
        EphemeralContent.decode(type: type, content: content)
    }

    public static func == (lhs: EphemeralEvent, rhs: EphemeralEvent) -> Bool { lhs.raw == rhs.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}

/// The content of an ephemeral event, typed by its event type.
public enum EphemeralContent: Sendable, Hashable {
    case typing(TypingContent)
    case receipt(ReceiptContent)
    case presence(PresenceContent)
    /// A type this enum does not model, or a known type whose content did not decode.
    case unknown(type: String, content: JSONValue)

    /// Decodes `content` by `type`, never failing.
    public static func decode(type: String, content: JSONValue) -> (content: EphemeralContent, failure: ContentDecodingError?) {
        do throws(ContentDecodingError) {
            switch type {
            case TypingContent.eventType: return (.typing(try TypingContent(json: content)), nil)
            case ReceiptContent.eventType: return (.receipt(try ReceiptContent(json: content)), nil)
            case PresenceContent.eventType: return (.presence(try PresenceContent(json: content)), nil)
            default: return (.unknown(type: type, content: content), nil)
            }
        } catch {
            return (.unknown(type: type, content: content), error)
        }
    }
}
