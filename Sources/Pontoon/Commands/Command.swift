/// A command of the bridge bot, as listed by `help` and run by ``CommandProcessor``.
///
/// `Services` is what handlers reach the bridge through (``CommandContext/services``); one bridge
/// uses one `Services` type for all its commands.
public struct Command<Services: CommandServices>: Sendable {
    public typealias Handler = @Sendable (CommandContext<Services>) async throws -> Void

    /// The name users type, lowercase (`login`, `start-chat`).
    public var name: String
    /// Other names that run the same command.
    public var aliases: [String]
    /// The `help` heading it is listed under.
    public var section: CommandSection
    /// One line for `help`.
    public var summary: String
    /// The arguments, as shown by `help` (`<remote-id>`, `[flow]`); empty when there are none.
    public var argumentsHelp: String
    /// The lowest permission level that may run it.
    public var requiredLevel: PermissionLevel
    /// Where it may run.
    public var rooms: CommandRooms
    /// Whether the sender needs a remote login (checked before the handler runs).
    public var requiresLogin: Bool
    /// Does the work and replies through ``CommandContext/reply(_:)``. Throw a ``UserFacingError``
    /// to tell the user what went wrong; other errors are logged and answered generically.
    public var handler: Handler

    /// Defaults fail closed: level `user`, management room only.
    public init(
        name: String, aliases: [String] = [], section: CommandSection = .general, summary: String,
        argumentsHelp: String = "", requiredLevel: PermissionLevel = .user, rooms: CommandRooms = .managementRoom,
        requiresLogin: Bool = false, handler: @escaping Handler
    ) {
        self.name = name
        self.aliases = aliases
        self.section = section
        self.summary = summary
        self.argumentsHelp = argumentsHelp
        self.requiredLevel = requiredLevel
        self.rooms = rooms
        self.requiresLogin = requiresLogin
        self.handler = handler
    }

    /// Whether a user at `level` may run it in a room of `kind`.
    public func isAvailable(to level: PermissionLevel, in kind: CommandRoomKind) -> Bool {
        level >= requiredLevel && rooms.allows(kind)
    }
}
