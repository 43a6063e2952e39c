/// One person that a nick in IRC text may refer to.
public struct IRCMention: Sendable, Hashable {
    /// The nick as written on IRC.
    public var nick: String
    /// The Matrix user ID the pill points at.
    public var userID: String
    /// The text of the pill on Matrix.
    public var displayName: String

    public init(nick: String, userID: String, displayName: String) {
        self.nick = nick
        self.userID = userID
        self.displayName = displayName
    }
}
