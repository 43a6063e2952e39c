/// Content of `m.room.avatar`.
public struct RoomAvatarContent: EventContent {
    public static var eventType: String { "m.room.avatar" }

    /// The avatar; `nil` when removed. An invalid `url` reads as `nil` and is kept as sent.
    public var url: MXCURI?
    public var info: MediaInfo?
    public var extra: [String: JSONValue] = [:]

    public init(url: MXCURI?, info: MediaInfo? = nil) {
        self.url = url
        self.info = info
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        url = reader.lenientIdentifier("url")
        info = try reader.nested("info")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let url { object["url"] = .string(url.rawValue) }
        if let info { object["info"] = info.json }
        return .object(object)
    }
}
