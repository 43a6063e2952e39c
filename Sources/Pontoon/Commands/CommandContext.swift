import PontoonMatrix

/// Sends a reply to the room the command came from, as an `m.notice`. The bridge connects it to
/// Matrix; it reports its own send failures (a reply that can't be sent is logged, not thrown).
public typealias CommandReplySink = @Sendable (CommandReply) async -> Void

/// Everything a command handler gets: who asked, where, with which arguments, and how to answer.
public struct CommandContext<Services: CommandServices>: Sendable {
    /// Who sent the command.
    public let sender: UserID
    /// The room it was sent in.
    public let roomID: RoomID
    /// What kind of room that is.
    public let room: CommandRoomKind
    /// The command's name (never an alias): for a pending interaction, the command it belongs to.
    public let commandName: String
    /// The arguments, split at whitespace with `"quotes"` grouping.
    public let arguments: [String]
    /// The text after the command name, trimmed; for pending input, the whole message, trimmed.
    public let rawArguments: String
    /// The sender's permission level.
    public let senderLevel: PermissionLevel
    /// The bridge, for the handler's work.
    public let services: Services
    /// Every registered command (for `help`).
    public let commands: CommandRegistry<Services>
    /// The command prefix (`!echo`).
    public let prefix: String
    /// The event of the message being handled, when known.
    public let eventID: EventID?

    let pending: PendingInteractions<Services>
    let replySink: CommandReplySink

    public init(
        sender: UserID, roomID: RoomID, room: CommandRoomKind, commandName: String, arguments: [String],
        rawArguments: String, senderLevel: PermissionLevel, services: Services, commands: CommandRegistry<Services>,
        prefix: String, pending: PendingInteractions<Services>, eventID: EventID? = nil, reply: @escaping CommandReplySink
    ) {
        self.sender = sender
        self.roomID = roomID
        self.room = room
        self.commandName = commandName
        self.arguments = arguments
        self.rawArguments = rawArguments
        self.senderLevel = senderLevel
        self.services = services
        self.commands = commands
        self.prefix = prefix
        self.eventID = eventID
        self.pending = pending
        replySink = reply
    }

    /// Answers in the room.
    public func reply(_ reply: CommandReply) async {
        await replySink(reply)
    }

    /// The slot of this sender in this room.
    public var pendingKey: PendingInteractionKey { PendingInteractionKey(user: sender, room: roomID) }

    /// Routes the sender's next message in this room to `interaction` (see ``PendingInteraction``).
    /// An interaction already waiting there is cancelled.
    public func expectInput(_ interaction: PendingInteraction<Services>) async {
        if let replaced = await pending.set(interaction, for: pendingKey), replaced.id != interaction.id {
            await replaced.onCancel()
        }
    }

    /// Ends interaction `id` without cancelling it (the flow finished), unless a newer one replaced it.
    public func finishInteraction(_ id: PendingInteraction<Services>.ID) async {
        await pending.remove(id, for: pendingKey)
    }

    /// How a command is typed in this room: `!echo login` in portals, `login` in the management room.
    public func invocation(_ commandName: String) -> String {
        Self.invocation(commandName, prefix: prefix, in: room)
    }

    /// This command's usage line, `` `login <flow>` ``, for error messages.
    public var usage: ReplyText {
        let arguments = commands.command(named: commandName)?.argumentsHelp ?? ""
        return .code(invocation(commandName) + (arguments.isEmpty ? "" : " " + arguments))
    }

    /// Throws a ``CommandError`` showing ``usage`` unless the number of arguments is in `range`.
    public func requireArguments(_ range: ClosedRange<Int>) throws(CommandError) {
        guard range.contains(arguments.count) else { throw CommandError("Usage: \(usage)") }
    }

    static func invocation(_ commandName: String, prefix: String, in room: CommandRoomKind) -> String {
        room.requiresPrefix ? prefix + " " + commandName : commandName
    }
}
