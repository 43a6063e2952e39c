/// Content of `m.typing`: everyone typing in the room right now.
public struct TypingContent: EventContent {
    public static var eventType: String { "m.typing" }

    /// The users typing. Entries that are not valid user IDs are dropped.
    public var userIDs: [UserID]
    public var extra: [String: JSONValue] = [:]

    public init(userIDs: [UserID]) {
        self.userIDs = userIDs
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        userIDs = (try reader.stringArray("user_ids") ?? []).compactMap { try? UserID(validating: $0) }
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["user_ids"] = .array(userIDs.map { .string($0.rawValue) })
        return .object(object)
    }
}
