/// Content of `m.room.redaction`.
///
/// Room versions 1–10 put `redacts` at the top level of the event, version 11+ in the content;
/// Synapse sends both. ``ClientEvent/typedContent`` fills ``redacts`` from either place.
public struct RedactionContent: EventContent {
    public static var eventType: String { "m.room.redaction" }

    /// The redacted event.
    public var redacts: EventID?
    public var reason: String?
    public var extra: [String: JSONValue] = [:]

    public init(redacts: EventID?, reason: String? = nil) {
        self.redacts = redacts
        self.reason = reason
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        redacts = try reader.identifier("redacts")
        reason = try reader.string("reason")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let redacts { object["redacts"] = .string(redacts.rawValue) }
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }
}
