/// Who sent a line: `nick!user@host`, or a server name.
public struct IRCSource: Sendable, Hashable, CustomStringConvertible {
    public var nick: String
    public var user: String?
    public var host: String?

    public init(nick: String, user: String? = nil, host: String? = nil) {
        self.nick = nick
        self.user = user
        self.host = host
    }

    public init(parsing text: String) {
        var rest = Substring(text)
        var host: String?
        var user: String?
        if let at = rest.firstIndex(of: "@") {
            host = String(rest[rest.index(after: at)...])
            rest = rest[..<at]
        }
        if let bang = rest.firstIndex(of: "!") {
            user = String(rest[rest.index(after: bang)...])
            rest = rest[..<bang]
        }
        self.init(nick: String(rest), user: user, host: host)
    }

    /// A server, not a user: servers have a dot in their name and no user or host part.
    public var isServer: Bool { user == nil && host == nil && nick.contains(".") }

    public var description: String {
        nick + (user.map { "!" + $0 } ?? "") + (host.map { "@" + $0 } ?? "")
    }
}
