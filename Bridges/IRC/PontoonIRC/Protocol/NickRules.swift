/// Valid nicks (RFC 2812: a letter or special first, then letters, digits, specials and '-')
/// and alternatives when the wanted one is taken.
public enum NickRules {
    static func isSpecial(_ scalar: Unicode.Scalar) -> Bool { "[]\\`_^{|}".unicodeScalars.contains(scalar) }
    static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) }
    static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }

    /// A valid nick as close to `desired` as possible, at most `maxLength` characters.
    public static func sanitize(_ desired: String, maxLength: Int) -> String {
        var scalars = desired.unicodeScalars.filter { isLetter($0) || isDigit($0) || isSpecial($0) || $0 == "-" }
        if let first = scalars.first, isDigit(first) || first == "-" {
            scalars.insert("_", at: scalars.startIndex)
        }
        var nick = String(String.UnicodeScalarView(scalars))
        if nick.isEmpty { nick = "matrix" }
        return String(nick.prefix(max(1, maxLength)))
    }

    /// The `attempt`-th alternative to `nick` (1 → `nick_`, 2 → `nick1`, 3 → `nick2`, …), shortened
    /// so it stays within `maxLength`.
    public static func alternative(to nick: String, attempt: Int, maxLength: Int) -> String {
        let base = sanitize(nick, maxLength: maxLength)
        let suffix = attempt <= 1 ? "_" : String(attempt - 1)
        let room = max(1, maxLength - suffix.count)
        return String(base.prefix(room)) + suffix
    }
}
