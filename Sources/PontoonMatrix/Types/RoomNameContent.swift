/// Content of `m.room.name`.
public struct RoomNameContent: EventContent {
    public static var eventType: String { "m.room.name" }

    /// The name; `nil` or empty when the name was removed (or the event redacted).
    public var name: String?
    public var extra: [String: JSONValue] = [:]

    public init(name: String?) {
        self.name = name
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        name = try reader.string("name")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let name { object["name"] = .string(name) }
        return .object(object)
    }
}
