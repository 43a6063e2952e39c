/// Decides whether a message body is a command and splits it into a name and arguments.
///
/// - In the management room every non-blank message is a command; a leading prefix is accepted
///   and dropped. In other rooms a message is a command only when it starts with the prefix.
/// - The prefix counts only at the very start (after whitespace) and only when whitespace or the
///   end follows it: `!echohelp` is not `!echo help`, and neither is `!echo` behind a right-to-left
///   mark or a zero-width space (those are not whitespace). It is matched ignoring ASCII case.
/// - The prefix alone (`!echo`) asks for `help`.
/// - Whitespace is Unicode whitespace (including no-break spaces, which phone keyboards insert).
///   Arguments are split at it; `"double quotes"` (also the curly `“ ”` phone keyboards type) group
///   words, and an unclosed quote runs to the end. There are no backslash escapes: a command that
///   needs exact text reads ``ParsedCommand/rawArguments``.
///
/// Control characters are kept (they make a name unknown rather than dropping silently), and the
/// work is linear in the body's length.
public struct CommandParser: Sendable, Hashable {
    /// The prefix from `bridge.command_prefix`, e.g. `!echo`. An empty prefix or one containing
    /// whitespace never matches, so a broken config can't turn every portal message into a command.
    public let prefix: String

    public init(prefix: String) {
        self.prefix = prefix
    }

    /// The command in `body`, or `nil` when the message is not one (blank, or unprefixed outside
    /// the management room).
    public func parse(_ body: String, in room: CommandRoomKind) -> ParsedCommand? {
        var rest = Self.droppingLeadingWhitespace(body.unicodeScalars[...])
        guard !rest.isEmpty else { return nil }
        let afterPrefix = strippingPrefix(rest)
        if let afterPrefix { rest = Self.droppingLeadingWhitespace(afterPrefix) }
        let hadPrefix = afterPrefix != nil
        if room.requiresPrefix, !hadPrefix { return nil }
        guard !rest.isEmpty else { return ParsedCommand(name: "help", typedName: "", hadPrefix: hadPrefix) }

        let nameEnd = rest.firstIndex(where: Self.isWhitespace) ?? rest.endIndex
        let typedName = String(String.UnicodeScalarView(rest[..<nameEnd]))
        let raw = Self.trimmingWhitespace(rest[nameEnd...])
        return ParsedCommand(
            name: typedName.lowercased(), typedName: typedName,
            arguments: Self.splitArguments(raw), rawArguments: String(String.UnicodeScalarView(raw)),
            hadPrefix: hadPrefix)
    }

    /// Splits text into arguments at whitespace, keeping `"quoted parts"` together (quotes toggle
    /// anywhere in a word, as in a shell: `name="a b"` is `name=a b`; `""` is an empty argument).
    public static func splitArguments(_ text: String) -> [String] {
        splitArguments(text.unicodeScalars[...])
    }

    /// `text` without leading and trailing whitespace.
    static func trimmed(_ text: String) -> String {
        String(String.UnicodeScalarView(trimmingWhitespace(text.unicodeScalars[...])))
    }

    static func splitArguments(_ scalars: Substring.UnicodeScalarView) -> [String] {
        var arguments: [String] = []
        var current = String.UnicodeScalarView()
        var inArgument = false
        var quoted = false
        for scalar in scalars {
            if isQuote(scalar) {
                quoted.toggle()
                inArgument = true
            } else if !quoted, isWhitespace(scalar) {
                if inArgument { arguments.append(String(current)) }
                current = String.UnicodeScalarView()
                inArgument = false
            } else {
                current.append(scalar)
                inArgument = true
            }
        }
        if inArgument { arguments.append(String(current)) }
        return arguments
    }

    /// What follows the prefix when `text` starts with it and whitespace or the end comes next.
    private func strippingPrefix(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView? {
        let prefixScalars = prefix.unicodeScalars
        guard !prefixScalars.isEmpty, !prefixScalars.contains(where: Self.isWhitespace) else { return nil }
        var index = text.startIndex
        for expected in prefixScalars {
            guard index < text.endIndex, Self.asciiLowercased(text[index]) == Self.asciiLowercased(expected) else {
                return nil
            }
            index = text.index(after: index)
        }
        guard index == text.endIndex || Self.isWhitespace(text[index]) else { return nil }
        return text[index...]
    }

    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool { scalar.properties.isWhitespace }

    private static func isQuote(_ scalar: Unicode.Scalar) -> Bool {
        scalar == "\"" || scalar == "\u{201C}" || scalar == "\u{201D}"
    }

    private static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        guard scalar >= "A", scalar <= "Z", let lower = Unicode.Scalar(scalar.value + 0x20) else { return scalar }
        return lower
    }

    private static func droppingLeadingWhitespace(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        text[(text.firstIndex { !isWhitespace($0) } ?? text.endIndex)...]
    }

    private static func trimmingWhitespace(_ text: Substring.UnicodeScalarView) -> Substring.UnicodeScalarView {
        let start = droppingLeadingWhitespace(text)
        guard let last = start.lastIndex(where: { !isWhitespace($0) }) else { return start[start.endIndex...] }
        return start[...last]
    }
}
