import Logging
import PontoonMatrix

/// Turns messages into command runs: parses, checks, dispatches, answers, and never throws.
///
/// For each message: a `block` sender is ignored; a message that is not explicitly a command (no
/// prefix, and not `cancel`) goes to the sender's pending interaction in that room if one waits
/// for input; otherwise it is parsed, and an unknown name, a level too low, the wrong kind of
/// room or a missing login is answered with a notice saying what to do. Handler errors become
/// notices too (``UserFacingError`` text, or a generic one with the error logged).
public final class CommandProcessor<Services: CommandServices>: Sendable {
    public let commands: CommandRegistry<Services>
    public let parser: CommandParser
    public let permissions: BridgePermissions
    public let pendingInteractions: PendingInteractions<Services>
    private let logger: Logger

    public init(
        commands: CommandRegistry<Services>, prefix: String, permissions: BridgePermissions,
        pendingInteractions: PendingInteractions<Services> = PendingInteractions(),
        logger: Logger = .pontoon("commands")
    ) {
        self.commands = commands
        parser = CommandParser(prefix: prefix)
        self.permissions = permissions
        self.pendingInteractions = pendingInteractions
        self.logger = logger
    }

    /// Handles one message; replies go to `reply`.
    public func handle(_ message: CommandMessage, services: Services, reply: @escaping CommandReplySink) async -> CommandOutcome {
        let level = permissions.level(of: message.sender)
        // Blocked users get no answer at all: they can't make the bot talk in a portal.
        guard level > .block else { return .ignoredBlockedSender }
        let parsed = parser.parse(message.body, in: message.room)

        let raw = CommandParser.trimmed(message.body)
        if !raw.isEmpty, !isExplicitCommand(parsed),
           let interaction = await pendingInteractions.takeInputReceiver(for: key(message)),
           let onInput = interaction.onInput {
            let context = makeContext(message, level, interaction.commandName, CommandParser.splitArguments(raw), raw, services, reply)
            let succeeded = await run(onInput, context)
            return .deliveredToPendingInteraction(command: interaction.commandName, succeeded: succeeded)
        }

        guard let parsed else { return .notACommand }
        switch await check(parsed, message, level, services) {
        case .refuse(let reason, let answer):
            await reply(answer)
            return .refused(reason)
        case .run(let command):
            logger.debug("Running command", metadata: [
                "command": "\(command.name)", "sender": "\(message.sender)", "room": "\(message.roomID)",
            ])
            let context = makeContext(message, level, command.name, parsed.arguments, parsed.rawArguments, services, reply)
            let succeeded = await run(command.handler, context)
            return .ran(command: command.name, succeeded: succeeded)
        }
    }

    // MARK: - Checks

    /// Prefixed messages and `cancel` are commands even while an interaction waits for input.
    private func isExplicitCommand(_ parsed: ParsedCommand?) -> Bool {
        guard let parsed else { return false }
        return parsed.hadPrefix || commands.command(named: parsed.name)?.name == "cancel"
    }

    private enum Check {
        case run(Command<Services>)
        case refuse(CommandRefusal, CommandReply)
    }

    /// The command to run, or why not in a notice saying what to do instead.
    private func check(_ parsed: ParsedCommand, _ message: CommandMessage, _ level: PermissionLevel, _ services: Services) async -> Check {
        guard let command = commands.command(named: parsed.name) else {
            let help = CommandContext<Services>.invocation("help", prefix: parser.prefix, in: message.room)
            return .refuse(.unknownCommand, "Unknown command \(code: Self.shortened(parsed.typedName)). Type \(code: help) for the list.")
        }
        guard level >= command.requiredLevel else {
            return .refuse(.insufficientLevel(required: command.requiredLevel),
                           "\(code: command.name) needs the \(code: command.requiredLevel.rawValue) permission level; yours is \(code: level.rawValue).")
        }
        guard command.rooms.allows(message.room) else {
            return .refuse(.wrongRoom, "\(code: command.name) works only in \(Self.describe(command.rooms)).")
        }
        if command.requiresLogin, !(await services.isLoggedIn(message.sender)) {
            return .refuse(.loginRequired, "\(code: command.name) needs a login: \(Self.howToLogIn(from: message.room))")
        }
        return .run(command)
    }

    // MARK: - Running

    /// Runs a handler, turning errors into notices. Returns whether it finished without error.
    private func run(_ handler: Command<Services>.Handler, _ context: CommandContext<Services>) async -> Bool {
        do {
            try await handler(context)
            return true
        } catch let error as any UserFacingError {
            await context.reply(CommandReply(error.userReply))
        } catch is CancellationError {
            // The bridge is stopping; nobody is left to read an answer.
            logger.debug("Command cancelled", metadata: ["command": "\(context.commandName)", "room": "\(context.roomID)"])
        } catch {
            logger.error("Command failed", metadata: [
                "command": "\(context.commandName)", "sender": "\(context.sender)", "room": "\(context.roomID)",
                "error": "\(String(reflecting: error))",
            ])
            await context.reply("\(code: context.commandName) failed because of an internal error; the bridge's logs have the details.")
        }
        return false
    }

    private func makeContext(
        _ message: CommandMessage, _ level: PermissionLevel, _ name: String, _ arguments: [String], _ raw: String,
        _ services: Services, _ reply: @escaping CommandReplySink
    ) -> CommandContext<Services> {
        CommandContext(
            sender: message.sender, roomID: message.roomID, room: message.room, commandName: name,
            arguments: arguments, rawArguments: raw, senderLevel: level, services: services, commands: commands,
            prefix: parser.prefix, pending: pendingInteractions, eventID: message.eventID, reply: reply)
    }

    private func key(_ message: CommandMessage) -> PendingInteractionKey {
        PendingInteractionKey(user: message.sender, room: message.roomID)
    }

    // MARK: - Wording

    /// A name typed by the user, cut to a length a notice can show (a 100 kB word is not echoed).
    static func shortened(_ name: String) -> String {
        name.count > 64 ? String(name.prefix(63)) + "…" : name
    }

    /// "send `login` first", pointing at the management room from elsewhere (`login` runs only there).
    static func howToLogIn(from room: CommandRoomKind) -> ReplyText {
        room == .managementRoom
            ? "send \(code: "login") first."
            : "send \(code: "login") in your management room (a direct chat with the bot) first."
    }

    private static func describe(_ rooms: CommandRooms) -> String {
        var places: [String] = []
        if rooms.contains(.managementRoom) { places.append("your management room (a direct chat with the bot)") }
        if rooms.contains(.portal) { places.append("bridged rooms") }
        if rooms.contains(.unbridgedRoom) { places.append("rooms that are not bridged yet") }
        return places.isEmpty ? "no room" : places.joined(separator: " and ")
    }
}
