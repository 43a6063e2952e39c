/// CTCP framing inside PRIVMSG/NOTICE text: `\x01COMMAND argument\x01`.
public enum CTCP {
    /// The command (uppercased) and argument, or nil when the text is not CTCP. A missing final
    /// `\x01` is tolerated, as many clients do.
    public static func parse(_ text: String) -> (command: String, argument: String)? {
        guard text.hasPrefix("\u{1}") else { return nil }
        var body = text.dropFirst()
        if body.hasSuffix("\u{1}") { body = body.dropLast() }
        guard !body.isEmpty else { return nil }
        let space = body.firstIndex(of: " ") ?? body.endIndex
        let command = body[..<space].uppercased()
        guard !command.isEmpty else { return nil }
        let argument = space < body.endIndex ? String(body[body.index(after: space)...]) : ""
        return (command, argument)
    }

    public static func encode(command: String, argument: String) -> String {
        "\u{1}" + command + (argument.isEmpty ? "" : " " + argument) + "\u{1}"
    }
}
