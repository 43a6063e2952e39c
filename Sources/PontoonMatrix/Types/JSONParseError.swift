/// Why a byte sequence is not acceptable JSON.
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    public enum Reason: Sendable, Hashable {
        /// The input ended inside a value (or was empty).
        case unexpectedEnd
        /// A byte that cannot start or continue the value being read.
        case unexpectedByte(UInt8)
        /// A number that does not follow the JSON grammar.
        case invalidNumber
        /// A backslash escape that does not follow the JSON grammar.
        case invalidEscape
        /// String bytes that are not valid UTF-8.
        case invalidUTF8
        /// A raw control character (below U+0020) inside a string; JSON requires it escaped.
        case controlCharacterInString
        /// Arrays and objects nested deeper than the parser's limit.
        case tooDeep(limit: Int)
        /// Something other than whitespace after the top-level value.
        case trailingContent
    }

    /// What went wrong.
    public let reason: Reason
    /// The byte offset in the input where it went wrong.
    public let offset: Int

    public init(reason: Reason, offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch reason {
        case .unexpectedEnd: what = "unexpected end of input"
        case .unexpectedByte(let byte):
            let printable = byte >= 0x20 && byte < 0x7F ? " '\(Character(Unicode.Scalar(byte)))'" : ""
            what = "unexpected byte 0x\(String(byte, radix: 16))\(printable)"
        case .invalidNumber: what = "invalid number"
        case .invalidEscape: what = "invalid escape sequence"
        case .invalidUTF8: what = "invalid UTF-8 in string"
        case .controlCharacterInString: what = "unescaped control character in string"
        case .tooDeep(let limit): what = "arrays/objects nested deeper than \(limit) levels"
        case .trailingContent: what = "content after the JSON value"
        }
        return "\(what) at byte \(offset)"
    }
}
