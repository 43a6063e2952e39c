import Foundation

/// A room event in the client-server format, as transactions and `/messages` deliver it.
///
/// The whole object is kept in ``raw`` so that unknown members survive storage and re-delivery;
/// the other properties are views of it. Members that are present but unusable (an invalid room ID,
/// a numeric sender) read as `nil` and are listed in ``invalidFields``; only a missing `type` or a
/// non-object makes the event undecodable.
///
/// Equality and hashing compare ``raw`` only: everything else is derived from it.
public struct ClientEvent: Sendable, Hashable {
    public let type: String
    public let eventID: EventID?
    public let roomID: RoomID?
    /// `sender`, or the legacy `user_id` when `sender` is absent.
    public let sender: UserID?
    /// The state key: non-`nil` exactly for state events.
    public let stateKey: String?
    public let originServerTS: Int64?
    /// Always an object (`{}` when absent or not an object).
    public let content: JSONValue
    public let unsigned: JSONValue?
    /// The redacted event of an `m.room.redaction`: top-level `redacts` (room versions 1–10) or
    /// `content.redacts` (11+).
    public let redacts: EventID?
    /// The event as received.
    public let raw: JSONValue
    /// Members present but unusable.
    public let invalidFields: [InvalidField]

    /// Decodes an event; throws only when `json` is not an object or has no string `type`.
    public init(json: JSONValue) throws(EventDecodingError) {
        var envelope = try EventEnvelopeReader(json)
        type = try envelope.type()
        eventID = envelope.identifier("event_id")
        roomID = envelope.identifier("room_id")
        if envelope.members["sender"] != nil {
            sender = envelope.identifier("sender")
        } else {
            sender = envelope.identifier("user_id")
        }
        stateKey = envelope.string("state_key")
        originServerTS = envelope.int64("origin_server_ts")
        content = envelope.content()
        unsigned = envelope.members["unsigned"]
        if envelope.members["redacts"] != nil {
            redacts = envelope.identifier("redacts")
        } else if let inContent = content["redacts"]?.stringValue {
            redacts = try? EventID(validating: inContent)
        } else {
            redacts = nil
        }
        raw = json
        invalidFields = envelope.invalidFields
    }

    /// Parses and decodes an event from JSON bytes, e.g. as stored from ``rawJSON()``.
    public init(jsonBytes: some Collection<UInt8>) throws(EventDecodingError) {
        let json: JSONValue
        do {
            json = try JSONValue(parsing: jsonBytes)
        } catch {
            throw .notJSON(error)
        }
        try self.init(json: json)
    }

    /// Builds an event (for sending through tests or for local echo); ``raw`` holds exactly these members.
    public init(
        type: String, eventID: EventID? = nil, roomID: RoomID? = nil, sender: UserID? = nil, stateKey: String? = nil,
        originServerTS: Int64? = nil, content: JSONValue = [:], unsigned: JSONValue? = nil, redacts: EventID? = nil
    ) {
        var object: [String: JSONValue] = ["type": .string(type), "content": content]
        if let eventID { object["event_id"] = .string(eventID.rawValue) }
        if let roomID { object["room_id"] = .string(roomID.rawValue) }
        if let sender { object["sender"] = .string(sender.rawValue) }
        if let stateKey { object["state_key"] = .string(stateKey) }
        if let originServerTS { object["origin_server_ts"] = .int(originServerTS) }
        if let unsigned { object["unsigned"] = unsigned }
        if let redacts { object["redacts"] = .string(redacts.rawValue) }
        // The members were built from valid values, so this cannot fail; the fallback keeps it total.
        self = (try? ClientEvent(json: .object(object))) ?? ClientEvent(unchecked: type, raw: .object(object))
    }

    private init(unchecked type: String, raw: JSONValue) {
        self.type = type
        eventID = nil
        roomID = nil
        sender = nil
        stateKey = nil
        originServerTS = nil
        content = .object([:])
        unsigned = nil
        redacts = nil
        self.raw = raw
        invalidFields = []
    }

    /// The event as compact JSON, for durable storage; ``init(jsonBytes:)`` reads it back identically.
    public func rawJSON() -> Data {
        raw.jsonData()
    }

    /// Whether this is a state event.
    public var isState: Bool { stateKey != nil }

    /// Whether the event has been redacted (`unsigned.redacted_because`).
    public var isRedacted: Bool { unsigned?["redacted_because"] != nil }

    /// The transaction ID the sender used, present on the sender's own events (`unsigned.transaction_id`).
    public var transactionID: String? { unsigned?["transaction_id"]?.stringValue }

    /// Milliseconds since the event was sent, when the server said (`unsigned.age`, else top-level `age`).
    public var age: Int64? { unsigned?["age"]?.intValue ?? raw["age"]?.intValue }

    /// The typed content; content of a known type that does not decode becomes ``RoomEventContent/unknown(type:content:)``.
    public var typedContent: RoomEventContent { decodeTypedContent().content }

    /// The typed content and, when a known type failed to decode, why.
    public func decodeTypedContent() -> (content: RoomEventContent, failure: ContentDecodingError?) {
        RoomEventContent.decode(type: type, content: content, redacts: redacts)
    }

    /// Decodes ``content`` as a specific content type.
    public func decodeContent<T: JSONObjectCodable>(as type: T.Type = T.self) throws(ContentDecodingError) -> T {
        try T(json: content)
    }

    public static func == (lhs: ClientEvent, rhs: ClientEvent) -> Bool { lhs.raw == rhs.raw }
    public func hash(into hasher: inout Hasher) { hasher.combine(raw) }
}
