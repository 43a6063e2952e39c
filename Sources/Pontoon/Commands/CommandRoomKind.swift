/// Where a command was typed, which decides whether it needs the prefix.
public enum CommandRoomKind: String, Sendable, Hashable, CaseIterable {
    /// The user's DM with the bridge bot: every message is a command, no prefix needed.
    case managementRoom
    /// A room bridged to a remote chat: only messages starting with the prefix are commands.
    case portal
    /// Another room the bot is in but that is not bridged (yet), where an admin may plumb it with
    /// `bridge`: like a portal, only prefixed messages are commands.
    case unbridgedRoom

    /// Whether a message must start with the command prefix to be a command here.
    public var requiresPrefix: Bool { self != .managementRoom }
}

/// The rooms a command may run in.
public struct CommandRooms: OptionSet, Sendable, Hashable {
    public let rawValue: UInt8

    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let managementRoom = CommandRooms(rawValue: 1 << 0)
    public static let portal = CommandRooms(rawValue: 1 << 1)
    public static let unbridgedRoom = CommandRooms(rawValue: 1 << 2)
    /// The management room and portals (not unbridged rooms).
    public static let managementRoomAndPortals: CommandRooms = [.managementRoom, .portal]
    /// Every kind of room.
    public static let anywhere: CommandRooms = [.managementRoom, .portal, .unbridgedRoom]

    /// Whether a command with these rooms may run in a room of `kind`.
    public func allows(_ kind: CommandRoomKind) -> Bool {
        switch kind {
        case .managementRoom: contains(.managementRoom)
        case .portal: contains(.portal)
        case .unbridgedRoom: contains(.unbridgedRoom)
        }
    }
}
