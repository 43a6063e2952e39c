import PontoonMatrix

/// A text message the bridge hands to ``CommandProcessor``: from the management room, or from a
/// portal or other room (where only prefixed messages are commands).
///
/// The bridge strips a reply fallback (`> <@user> …` lines) before, so replying to a message with
/// a command works.
public struct CommandMessage: Sendable, Hashable {
    public var sender: UserID
    public var roomID: RoomID
    public var room: CommandRoomKind
    public var body: String
    /// The message's event, so a handler can redact a secret the user typed.
    public var eventID: EventID?

    public init(sender: UserID, roomID: RoomID, room: CommandRoomKind, body: String, eventID: EventID? = nil) {
        self.sender = sender
        self.roomID = roomID
        self.room = room
        self.body = body
        self.eventID = eventID
    }
}

/// What ``CommandProcessor/handle(_:services:reply:)`` did with a message.
public enum CommandOutcome: Sendable, Hashable {
    /// Not a command and nothing was waiting for it: in a portal, bridge it as a message.
    case notACommand
    /// The sender's level is `block`: nothing was answered, and nothing may be bridged.
    case ignoredBlockedSender
    /// A command that was answered with why it can't run; the handler did not run.
    case refused(CommandRefusal)
    /// The command's handler ran; `succeeded` is false when it threw (the user was told).
    case ran(command: String, succeeded: Bool)
    /// The message went to the sender's pending interaction of `command`.
    case deliveredToPendingInteraction(command: String, succeeded: Bool)
}

/// Why a command did not run.
public enum CommandRefusal: Sendable, Hashable {
    case unknownCommand
    case insufficientLevel(required: PermissionLevel)
    case wrongRoom
    case loginRequired
}
