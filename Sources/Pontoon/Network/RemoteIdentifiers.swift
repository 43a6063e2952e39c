/// Identifiers on the remote network. They are opaque strings chosen by the plugin (an IRC nick
/// folded to the server's casemapping, an E.164 number, a Slack `U…` ID) and only need to be unique
/// within their network; distinct types keep a chat ID from being passed where a user ID belongs.
public protocol RemoteIdentifier: RawRepresentable, Hashable, Sendable, Codable, CustomStringConvertible,
    ExpressibleByStringLiteral where RawValue == String {
    init(_ rawValue: String)
}

extension RemoteIdentifier {
    public init(rawValue: String) { self.init(rawValue) }
    public init(stringLiteral value: String) { self.init(value) }
    public var description: String { rawValue }

    public init(from decoder: any Decoder) throws {
        self.init(try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// A user on the remote network.
public struct RemoteUserID: RemoteIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// A chat on the remote network: a channel, a group, a DM, a phone number.
public struct RemoteChatID: RemoteIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// A message on the remote network (IRC `msgid`, Slack `ts`, Telegram `message_id`, a provider SMS ID).
public struct RemoteMessageID: RemoteIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// One login of a Matrix user on the network (their account, or a relay bot); unique per network.
public struct LoginID: RemoteIdentifier {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
}

/// Which portal a remote chat maps to.
///
/// `receiver` is set when the chat exists only from one login's point of view (a DM, an SMS
/// conversation: two users DMing the same person get two portals) and `nil` when the chat is
/// shared (an IRC channel or a Slack channel is one portal whoever is logged in).
public struct PortalKey: Hashable, Sendable, Codable, CustomStringConvertible {
    public var chatID: RemoteChatID
    public var receiver: LoginID?

    public init(chatID: RemoteChatID, receiver: LoginID? = nil) {
        self.chatID = chatID
        self.receiver = receiver
    }

    public var description: String { receiver.map { "\(chatID)@\($0)" } ?? chatID.rawValue }
}
