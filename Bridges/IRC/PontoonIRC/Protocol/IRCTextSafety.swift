/// Makes Matrix-supplied text safe to put in an IRC line: nothing a user types can end the line
/// and start another command, or forge a CTCP request.
public enum IRCTextSafety {
    /// mIRC formatting codes users may send on purpose (bold, colour, hex colour, reset, monospace,
    /// reverse, italic, strikethrough, underline).
    static let formattingCodes: Set<UInt32> = [0x02, 0x03, 0x04, 0x0F, 0x11, 0x16, 0x1D, 0x1E, 0x1F]

    /// Splits on CR, LF and CRLF; removes NUL, `\x01` and the other C0 controls except formatting
    /// codes; a tab becomes a space; empty lines are dropped.
    public static func lines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        func flush() {
            let line = String(current)
            if !line.allSatisfy({ $0 == " " }) { lines.append(line) }
            current = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x0A, 0x0D, 0x2028, 0x2029, 0x85: flush()
            case 0x09: current.append(" ")
            case let value where value < 0x20 || value == 0x7F:
                if formattingCodes.contains(value) { current.append(scalar) }
            default: current.append(scalar)
            }
        }
        flush()
        return lines
    }
}
