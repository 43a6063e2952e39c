/// Why a command can't be registered. A programming error of the bridge, reported at start-up.
public enum CommandRegistryError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The name or alias is already taken by another command.
    case duplicate(name: String)
    /// A name or alias is empty or contains whitespace or quotes, so nobody could type it.
    case invalidName(String)

    public var description: String {
        switch self {
        case .duplicate(let name): "the command name \"\(name)\" is registered twice"
        case .invalidName(let name): "\"\(name)\" can't be a command name: use a word without spaces or quotes"
        }
    }
}

/// The commands a bridge offers, looked up by name or alias (case-insensitively).
///
/// Starts with the built-in `help` and `cancel`; the bridge core and the network add theirs.
public struct CommandRegistry<Services: CommandServices>: Sendable {
    private var byName: [String: Command<Services>] = [:]
    private var lookup: [String: String] = [:]

    /// A registry holding the built-in `help` and `cancel`.
    public init() {
        do {
            try register(BuiltinCommands.help())
            try register(BuiltinCommands.cancel())
        } catch {
            preconditionFailure("the built-in commands have valid, distinct names: \(error)")
        }
    }

    /// Adds a command. Names and aliases are stored lowercase.
    public mutating func register(_ command: Command<Services>) throws(CommandRegistryError) {
        var command = command
        command.name = command.name.lowercased()
        command.aliases = command.aliases.map { $0.lowercased() }
        let names = [command.name] + command.aliases
        for name in names {
            guard Self.isValidName(name) else { throw .invalidName(name) }
            guard lookup[name] == nil, names.filter({ $0 == name }).count == 1 else { throw .duplicate(name: name) }
        }
        byName[command.name] = command
        for name in names { lookup[name] = command.name }
    }

    /// The command called `name` (or aliased so), ignoring case.
    public func command(named name: String) -> Command<Services>? {
        lookup[name.lowercased()].flatMap { byName[$0] }
    }

    /// Every command, by section and then name.
    public var all: [Command<Services>] {
        byName.values.sorted { ($0.section, $0.name) < ($1.section, $1.name) }
    }

    /// The commands a user at `level` may run in a room of `kind`, by section and then name.
    public func available(to level: PermissionLevel, in kind: CommandRoomKind) -> [Command<Services>] {
        all.filter { $0.isAvailable(to: level, in: kind) }
    }

    private static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.unicodeScalars.contains {
            $0.properties.isWhitespace || $0 == "\"" || $0 == "\u{201C}" || $0 == "\u{201D}" || $0.value < 0x20 || $0.value == 0x7F
        }
    }
}
