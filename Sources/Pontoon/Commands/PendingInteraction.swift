import Foundation
import PontoonMatrix

/// Something the bot is in the middle of with one user in one room — a login waiting for the next
/// field, or waiting for a code to be confirmed — that `cancel` stops.
///
/// While it has an ``onInput`` handler, the user's next message in that room that is not an
/// explicit command (prefixed, or `cancel`) goes to it instead of the command parser. Without one
/// it only waits to be cancelled or cleared (a display-and-wait login step running elsewhere).
public struct PendingInteraction<Services: CommandServices>: Sendable, Identifiable {
    public typealias InputHandler = @Sendable (CommandContext<Services>) async throws -> Void

    /// Tells this interaction apart from a later one in the same slot.
    public let id: UUID
    /// The command it belongs to, for replies (`Cancelled login.`) and logs.
    public var commandName: String
    /// Receives the next message: ``CommandContext/rawArguments`` is the whole message (trimmed),
    /// ``CommandContext/arguments`` its words. The slot is emptied before it runs, so a multi-step
    /// flow sets the next step with ``CommandContext/expectInput(_:)``, also to let the user try
    /// again after an error.
    public var onInput: InputHandler?
    /// Runs when `cancel` (or a newer interaction in the same slot) ends it: stop the login process.
    public var onCancel: @Sendable () async -> Void

    public init(commandName: String, onInput: InputHandler?, onCancel: @escaping @Sendable () async -> Void = {}) {
        id = UUID()
        self.commandName = commandName
        self.onInput = onInput
        self.onCancel = onCancel
    }
}

/// The slot a pending interaction lives in: one per user per room.
public struct PendingInteractionKey: Sendable, Hashable {
    public var user: UserID
    public var room: RoomID

    public init(user: UserID, room: RoomID) {
        self.user = user
        self.room = room
    }
}
