/// Content of `m.room.create`.
public struct CreateContent: EventContent {
    public static var eventType: String { "m.room.create" }

    /// `room_version`; absent means version "1" (``effectiveRoomVersion``).
    public var roomVersion: String?
    /// `creator` (room versions 1–10; later versions use the event's sender).
    public var creator: UserID?
    /// `type`, e.g. `m.space`.
    public var type: String?
    /// `additional_creators` (room version 12+): users with unlimited power besides the sender.
    /// Entries that are not valid user IDs are left out.
    public var additionalCreators: [UserID]
    public var extra: [String: JSONValue] = [:]

    public init(roomVersion: String? = nil, creator: UserID? = nil, type: String? = nil, additionalCreators: [UserID] = []) {
        self.roomVersion = roomVersion
        self.creator = creator
        self.type = type
        self.additionalCreators = additionalCreators
    }

    /// The room version, defaulting to "1" as the spec says.
    public var effectiveRoomVersion: String { roomVersion ?? "1" }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        roomVersion = try reader.string("room_version")
        creator = reader.lenientIdentifier("creator")
        type = try reader.string("type")
        additionalCreators = (try reader.stringArray("additional_creators") ?? []).compactMap { try? UserID(validating: $0) }
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let roomVersion { object["room_version"] = .string(roomVersion) }
        if let creator { object["creator"] = .string(creator.rawValue) }
        if let type { object["type"] = .string(type) }
        if !additionalCreators.isEmpty { object["additional_creators"] = .array(additionalCreators.map { .string($0.rawValue) }) }
        return .object(object)
    }
}
