import Foundation

/// Content of `m.room.power_levels`, with the spec's defaults for absent members.
///
/// Levels may be strings such as `"50"` in room versions before 10; they are read as integers.
/// Re-encoding writes every level explicitly (same meaning, since absent means the default).
public struct PowerLevelsContent: EventContent {
    public static var eventType: String { "m.room.power_levels" }

    /// Per-user levels. Keys that are not valid user IDs are dropped: they can match no one.
    public var users: [UserID: Int]
    public var usersDefault: Int
    /// Per-event-type levels to send that type.
    public var events: [String: Int]
    public var eventsDefault: Int
    public var stateDefault: Int
    public var ban: Int
    public var kick: Int
    public var redact: Int
    public var invite: Int
    /// Levels for notifications, e.g. `room` for `@room` (default 50).
    public var notifications: [String: Int]
    public var extra: [String: JSONValue] = [:]

    public init(
        users: [UserID: Int] = [:], usersDefault: Int = 0, events: [String: Int] = [:], eventsDefault: Int = 0,
        stateDefault: Int = 50, ban: Int = 50, kick: Int = 50, redact: Int = 50, invite: Int = 0,
        notifications: [String: Int] = [:]
    ) {
        self.users = users
        self.usersDefault = usersDefault
        self.events = events
        self.eventsDefault = eventsDefault
        self.stateDefault = stateDefault
        self.ban = ban
        self.kick = kick
        self.redact = redact
        self.invite = invite
        self.notifications = notifications
    }

    /// The level of `user`: its entry in ``users``, else ``usersDefault``.
    ///
    /// In room version 12+ the room's creators stand above every level: pass them (the create
    /// event's sender and `additional_creators`) as `creators` to get `Int.max` for them.
    public func level(of user: UserID, creators: Set<UserID> = []) -> Int {
        if creators.contains(user) { return .max }
        return users[user] ?? usersDefault
    }

    /// The level needed to send an event of `eventType` (state or not).
    public func requiredLevel(forEventType eventType: String, isState: Bool) -> Int {
        events[eventType] ?? (isState ? stateDefault : eventsDefault)
    }

    /// The level needed to trigger the notification `key` (`room` for `@room`).
    public func notificationLevel(_ key: String) -> Int {
        notifications[key] ?? 50
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        let userLevels = try Self.levelMap(&reader, "users")
        users = [:]
        for (user, level) in userLevels {
            if let userID = try? UserID(validating: user) { users[userID] = level }
        }
        usersDefault = try Self.level(&reader, "users_default") ?? 0
        events = try Self.levelMap(&reader, "events")
        eventsDefault = try Self.level(&reader, "events_default") ?? 0
        stateDefault = try Self.level(&reader, "state_default") ?? 50
        ban = try Self.level(&reader, "ban") ?? 50
        kick = try Self.level(&reader, "kick") ?? 50
        redact = try Self.level(&reader, "redact") ?? 50
        invite = try Self.level(&reader, "invite") ?? 0
        notifications = try Self.levelMap(&reader, "notifications")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["users"] = .object(Dictionary(users.map { ($0.key.rawValue, .int(Int64($0.value))) }, uniquingKeysWith: { first, _ in first }))
        object["users_default"] = .int(Int64(usersDefault))
        object["events"] = .object(events.mapValues { .int(Int64($0)) })
        object["events_default"] = .int(Int64(eventsDefault))
        object["state_default"] = .int(Int64(stateDefault))
        object["ban"] = .int(Int64(ban))
        object["kick"] = .int(Int64(kick))
        object["redact"] = .int(Int64(redact))
        object["invite"] = .int(Int64(invite))
        if !notifications.isEmpty { object["notifications"] = .object(notifications.mapValues { .int(Int64($0)) }) }
        return .object(object)
    }

    /// An integer level, or a string holding one (room versions before 10).
    private static func levelValue(_ value: JSONValue) -> Int? {
        if let number = value.intValue { return Int(exactly: number) }
        if let string = value.stringValue { return Int(string.trimmingCharacters(in: .whitespaces)) }
        return nil
    }

    private static func level(_ reader: inout JSONObjectReader, _ key: String) throws(ContentDecodingError) -> Int? {
        try reader.optional(key, "an integer", levelValue)
    }

    private static func levelMap(_ reader: inout JSONObjectReader, _ key: String) throws(ContentDecodingError) -> [String: Int] {
        try reader.optional(key, "an object of integers") { value in
            guard let members = value.objectValue else { return nil }
            var levels: [String: Int] = [:]
            for (name, level) in members {
                guard let level = levelValue(level) else { return nil }
                levels[name] = level
            }
            return levels
        } ?? [:]
    }
}
