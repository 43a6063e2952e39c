/// A line of reply text with light formatting, kept as a plain body and an HTML body side by side.
///
/// Every string that goes in is text, never markup: it is HTML-escaped (`& < > " '`) on the way into
/// the HTML body, so a remote nick or a command name like `<img src=x onerror=…>` shows as typed.
/// Formatting comes only from the builders (``code(_:)``, ``bold(_:)``) and from interpolation:
///
/// ```swift
/// let text: ReplyText = "Unknown command \(code: name). Type \(code: "help") for the list."
/// ```
///
/// The plain body uses Markdown-like marks (`` `code` ``, `**bold**`) as mautrix bridges do, for
/// clients that show only `body`. C0 control characters other than tab and newline, and DEL, become
/// U+FFFD in both bodies; newlines become `<br>` in the HTML one.
public struct ReplyText: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The text for `body`.
    public private(set) var plain: String
    /// The same text as Matrix HTML, for `formatted_body`.
    public private(set) var html: String

    /// Text shown as is.
    public init(_ text: String) {
        plain = Self.sanitized(text)
        html = Self.escapedHTML(text)
    }

    public init(stringLiteral value: String) { self.init(value) }

    public init(stringInterpolation: StringInterpolation) { self = stringInterpolation.text }

    private init(plain: String, html: String) {
        self.plain = plain
        self.html = html
    }

    /// Inline code: `` `text` `` in the plain body, `<code>text</code>` in HTML.
    public static func code(_ text: String) -> ReplyText {
        ReplyText(plain: "`" + sanitized(text) + "`", html: "<code>" + escapedHTML(text) + "</code>")
    }

    /// Bold: `**text**` in the plain body, `<strong>text</strong>` in HTML.
    public static func bold(_ text: ReplyText) -> ReplyText {
        ReplyText(plain: "**" + text.plain + "**", html: "<strong>" + text.html + "</strong>")
    }

    /// Joins two pieces.
    public static func + (lhs: ReplyText, rhs: ReplyText) -> ReplyText {
        ReplyText(plain: lhs.plain + rhs.plain, html: lhs.html + rhs.html)
    }

    public static func += (lhs: inout ReplyText, rhs: ReplyText) { lhs = lhs + rhs }

    /// The pieces one after another, with `separator` between them.
    public static func joined(_ pieces: [ReplyText], separator: ReplyText = "") -> ReplyText {
        var result = ReplyText("")
        for (index, piece) in pieces.enumerated() {
            if index > 0 { result += separator }
            result += piece
        }
        return result
    }

    public var isEmpty: Bool { plain.isEmpty }

    public var description: String { plain }

    /// Interpolation: literal segments and `\(string)` are text; `\(code:)`, `\(bold:)` and a
    /// `\(replyText)` keep their formatting.
    public struct StringInterpolation: StringInterpolationProtocol {
        var text = ReplyText("")

        public init(literalCapacity: Int, interpolationCount: Int) {}

        public mutating func appendLiteral(_ literal: String) { text += ReplyText(literal) }

        public mutating func appendInterpolation(_ string: String) { text += ReplyText(string) }

        public mutating func appendInterpolation(_ value: some CustomStringConvertible) { text += ReplyText(value.description) }

        public mutating func appendInterpolation(_ piece: ReplyText) { text += piece }

        public mutating func appendInterpolation(code: String) { text += .code(code) }

        public mutating func appendInterpolation(bold: ReplyText) { text += .bold(bold) }

        public mutating func appendInterpolation(bold: String) { text += .bold(ReplyText(bold)) }
    }

    // MARK: - Escaping

    /// Controls other than tab and newline could hide text or break clients; U+FFFD shows that
    /// something was there.
    static func sanitized(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: isReplaced) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            scalars.append(isReplaced(scalar) ? "\u{FFFD}" : scalar)
        }
        return String(scalars)
    }

    /// Text as HTML: escaped, controls replaced like ``sanitized(_:)``, newlines as `<br>`.
    static func escapedHTML(_ text: String) -> String {
        HTMLEscaping.escape(sanitized(text)).replacingOccurrences(of: "\n", with: "<br>")
    }

    private static func isReplaced(_ scalar: Unicode.Scalar) -> Bool {
        (scalar.value < 0x20 && scalar != "\n" && scalar != "\t") || scalar.value == 0x7F
    }
}
