/// Content of `m.room.topic`.
public struct RoomTopicContent: EventContent {
    public static var eventType: String { "m.room.topic" }

    /// The plain-text topic; `nil` or empty when removed. (A rich `m.topic` block stays in ``extra``.)
    public var topic: String?
    public var extra: [String: JSONValue] = [:]

    public init(topic: String?) {
        self.topic = topic
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        topic = try reader.string("topic")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let topic { object["topic"] = .string(topic) }
        return .object(object)
    }
}
