/// An error whose message is meant for the Matrix user who ran the command.
///
/// The command processor replies with ``userReply``; any other error gets a generic "failed, see
/// the logs" notice and is logged. Write messages that tell the user what to do next.
public protocol UserFacingError: Error {
    /// What went wrong, in plain words for the user.
    var userMessage: String { get }
    /// The reply shown; by default ``userMessage`` as plain text.
    var userReply: ReplyText { get }
}

extension UserFacingError {
    public var userReply: ReplyText { ReplyText(userMessage) }
}

/// A command refused or failed in a way the user can fix: a missing argument, an unknown remote ID.
public struct CommandError: UserFacingError, Hashable, CustomStringConvertible {
    public var userReply: ReplyText

    public init(_ reply: ReplyText) { userReply = reply }

    public var userMessage: String { userReply.plain }
    public var description: String { userReply.plain }
}

// The contract's own user-facing errors are shown as they are.
extension LoginError: UserFacingError {}
extension RemoteSendError: UserFacingError {}
