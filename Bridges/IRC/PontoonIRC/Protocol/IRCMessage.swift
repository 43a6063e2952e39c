/// One IRC protocol line: IRCv3 tags, an optional source, a command and its parameters.
public struct IRCMessage: Sendable, Hashable, CustomStringConvertible {
    /// IRCv3 message tags; a tag sent without a value maps to "".
    public var tags: [String: String]
    public var source: IRCSource?
    /// Uppercased; numerics stay three digits ("001").
    public var command: String
    public var parameters: [String]

    public init(tags: [String: String] = [:], source: IRCSource? = nil, command: String, parameters: [String] = []) {
        self.tags = tags
        self.source = source
        self.command = command
        self.parameters = parameters
    }

    /// The numeric reply code, for three-digit commands.
    public var numeric: Int? {
        guard command.utf8.count == 3, command.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) else { return nil }
        return Int(command)
    }

    /// The `msgid` tag (IRCv3 message-ids).
    public var msgID: String? { tags["msgid"].flatMap { $0.isEmpty ? nil : $0 } }

    /// The `time` tag (IRCv3 server-time) in milliseconds since the epoch; nil when absent or invalid.
    public var serverTime: Int64? { tags["time"].flatMap(ServerTime.milliseconds(from:)) }

    /// For logs: parameters of messages that carry bodies or secrets are left out.
    public var description: String {
        if command == "PASS" || command == "AUTHENTICATE" { return command + " <redacted>" }
        let bodies: Set<String> = ["PRIVMSG", "NOTICE", "TAGMSG", "TOPIC", "QUIT", "PART", "KICK"]
        if bodies.contains(command) {
            return [command, parameters.first ?? "", "<redacted>"].joined(separator: " ")
        }
        return ([command] + parameters).joined(separator: " ")
    }

    // MARK: - Constructors for what a client sends

    public static func privmsg(_ target: String, _ text: String, tags: [String: String] = [:]) -> IRCMessage {
        IRCMessage(tags: tags, command: "PRIVMSG", parameters: [target, text])
    }

    public static func notice(_ target: String, _ text: String) -> IRCMessage {
        IRCMessage(command: "NOTICE", parameters: [target, text])
    }

    public static func join(_ channel: String, key: String? = nil) -> IRCMessage {
        IRCMessage(command: "JOIN", parameters: [channel] + (key.map { [$0] } ?? []))
    }

    public static func part(_ channel: String, reason: String? = nil) -> IRCMessage {
        IRCMessage(command: "PART", parameters: [channel] + (reason.map { [$0] } ?? []))
    }

    public static func nick(_ nick: String) -> IRCMessage {
        IRCMessage(command: "NICK", parameters: [nick])
    }

    public static func tagmsg(_ target: String, tags: [String: String]) -> IRCMessage {
        IRCMessage(tags: tags, command: "TAGMSG", parameters: [target])
    }
}
