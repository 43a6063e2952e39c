/// A message recognised as a command: its name and its arguments.
public struct ParsedCommand: Sendable, Hashable {
    /// The command name, lowercased (names are case-insensitive).
    public var name: String
    /// The name as typed, for messages that echo it.
    public var typedName: String
    /// The arguments, split at whitespace; `"double quotes"` keep spaces inside one argument.
    public var arguments: [String]
    /// Everything after the name, with surrounding whitespace trimmed and quotes kept: for commands
    /// that take free text (a relayed message, a display name).
    public var rawArguments: String
    /// Whether the message started with the command prefix.
    public var hadPrefix: Bool

    public init(name: String, typedName: String? = nil, arguments: [String] = [], rawArguments: String = "",
                hadPrefix: Bool = false) {
        self.name = name
        self.typedName = typedName ?? name
        self.arguments = arguments
        self.rawArguments = rawArguments
        self.hadPrefix = hadPrefix
    }
}
