/// Content of `m.presence` (the user is the event's `sender`).
public struct PresenceContent: EventContent {
    public static var eventType: String { "m.presence" }

    public var presence: PresenceState
    /// Milliseconds since the user was last active.
    public var lastActiveAgo: Int64?
    public var statusMsg: String?
    public var currentlyActive: Bool?
    public var extra: [String: JSONValue] = [:]

    public init(presence: PresenceState, lastActiveAgo: Int64? = nil, statusMsg: String? = nil, currentlyActive: Bool? = nil) {
        self.presence = presence
        self.lastActiveAgo = lastActiveAgo
        self.statusMsg = statusMsg
        self.currentlyActive = currentlyActive
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        presence = PresenceState(rawValue: try reader.requiredString("presence"))
        lastActiveAgo = try reader.int64("last_active_ago")
        statusMsg = try reader.string("status_msg")
        currentlyActive = try reader.bool("currently_active")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["presence"] = .string(presence.rawValue)
        if let lastActiveAgo { object["last_active_ago"] = .int(lastActiveAgo) }
        if let statusMsg { object["status_msg"] = .string(statusMsg) }
        if let currentlyActive { object["currently_active"] = .bool(currentlyActive) }
        return .object(object)
    }
}

/// The `presence` of an `m.presence` event.
public enum PresenceState: Sendable, Hashable, OpenStringEnum {
    case online
    case offline
    case unavailable
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "online": self = .online
        case "offline": self = .offline
        case "unavailable": self = .unavailable
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .online: "online"
        case .offline: "offline"
        case .unavailable: "unavailable"
        case .other(let value): value
        }
    }
}
