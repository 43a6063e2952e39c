/// Content of `m.room.member` (the state key is the user it is about).
public struct MemberContent: EventContent {
    public static var eventType: String { "m.room.member" }

    public var membership: Membership
    public var displayname: String?
    /// The avatar; an invalid or empty `avatar_url` (common in the wild) reads as `nil` and is kept as sent.
    public var avatarURL: MXCURI?
    /// Set on the invite of a direct chat.
    public var isDirect: Bool?
    public var reason: String?
    public var extra: [String: JSONValue] = [:]

    public init(membership: Membership, displayname: String? = nil, avatarURL: MXCURI? = nil, isDirect: Bool? = nil, reason: String? = nil) {
        self.membership = membership
        self.displayname = displayname
        self.avatarURL = avatarURL
        self.isDirect = isDirect
        self.reason = reason
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        membership = Membership(rawValue: try reader.requiredString("membership"))
        displayname = try reader.string("displayname")
        avatarURL = reader.lenientIdentifier("avatar_url")
        isDirect = try reader.bool("is_direct")
        reason = try reader.string("reason")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["membership"] = .string(membership.rawValue)
        if let displayname { object["displayname"] = .string(displayname) }
        if let avatarURL { object["avatar_url"] = .string(avatarURL.rawValue) }
        if let isDirect { object["is_direct"] = .bool(isDirect) }
        if let reason { object["reason"] = .string(reason) }
        return .object(object)
    }
}

/// The `membership` of an `m.room.member` event.
public enum Membership: Sendable, Hashable, OpenStringEnum {
    case join
    case invite
    case leave
    case ban
    case knock
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "join": self = .join
        case "invite": self = .invite
        case "leave": self = .leave
        case "ban": self = .ban
        case "knock": self = .knock
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .join: "join"
        case .invite: "invite"
        case .leave: "leave"
        case .ban: "ban"
        case .knock: "knock"
        case .other(let value): value
        }
    }
}
