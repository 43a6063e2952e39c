/// `m.mentions`: whom a message intentionally mentions (spec v1.7+).
public struct Mentions: JSONObjectCodable {
    /// Users mentioned. Entries that are not valid user IDs are dropped: they cannot mention anyone.
    public var userIDs: [UserID]
    /// Whether the whole room is mentioned (`@room`).
    public var room: Bool
    public var extra: [String: JSONValue] = [:]

    public init(userIDs: [UserID] = [], room: Bool = false) {
        self.userIDs = userIDs
        self.room = room
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        userIDs = (try reader.stringArray("user_ids") ?? []).compactMap { try? UserID(validating: $0) }
        room = try reader.bool("room") ?? false
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["user_ids"] = .array(userIDs.map { .string($0.rawValue) })
        if room { object["room"] = true }
        return .object(object)
    }
}
