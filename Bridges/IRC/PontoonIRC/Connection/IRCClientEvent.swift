/// What an ``IRCClient`` reports, in the order it happened.
public enum IRCClientEvent: Sendable {
    /// Registration finished (after the MOTD); the client has rejoined its channels.
    case ready(nick: String)
    /// A line from the server after registration; the client's roster already reflects it.
    /// `isEcho` marks the server's echo of a message this client sent (echo-message);
    /// `sourceChannels` are the channels the line's sender was in before it (for QUIT and NICK,
    /// which name no channel).
    case line(IRCMessage, isEcho: Bool, sourceChannels: [String])
    /// The connection dropped; it is retried after `retryIn` unless the client was stopped.
    case disconnected(reason: String, retryIn: Duration?)
    /// The server refused this login for good (wrong password, required SASL failed, banned).
    case failed(reason: String)
    /// The channels the client keeps itself in changed (a join, a part, a kick, a refused join):
    /// what a session stores so a restarted bridge joins them again.
    case channelsChanged([IRCWantedChannel])
}

/// A channel the client joins on every connection, with its key.
public struct IRCWantedChannel: Sendable, Hashable {
    public var name: String
    public var key: String?

    public init(name: String, key: String? = nil) {
        self.name = name
        self.key = key
    }
}

/// Why a client could not do what was asked.
public enum IRCClientError: Error, Sendable, Equatable, CustomStringConvertible {
    case notConnected
    case stopped
    case invalidLine(String)

    public var description: String {
        switch self {
        case .notConnected: "not connected to the IRC server (reconnecting)"
        case .stopped: "the IRC connection was closed"
        case .invalidLine(let why): "the line can't be sent: \(why)"
        }
    }
}
