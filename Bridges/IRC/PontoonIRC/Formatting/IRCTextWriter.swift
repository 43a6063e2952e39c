import Pontoon

/// Walks parsed Matrix HTML and writes IRC text with mIRC codes, line by line.
///
/// Formatting is tracked, not echoed: the writer knows the style the HTML asks for and the style
/// the codes written so far give, and writes codes only when visible text needs them. So nested
/// `<b><strong>` toggles once, a colour inside a colour restores the outer one, every line ends
/// with its formatting closed (IRC clients reset at each line anyway, and the caller may append
/// text), and a code is never misread by the digit or comma that follows it.
///
/// Line breaks are asked for, not written: blocks and `<br>` request them and the next visible
/// text realises them, so there are never leading or trailing blank lines, nor two in a row.
/// Recursion follows the tree, which `HTMLParser` keeps shallow (`maxDepth`).
struct IRCTextWriter {
    /// Nick to show for each pilled Matrix user.
    private let pills: [String: String]
    private(set) var output = ""

    init(pills: [String: String]) {
        self.pills = pills
    }

    // MARK: Style

    struct Style: Equatable {
        var bold = false
        var italic = false
        var underline = false
        var strikethrough = false
        var monospace = false
        var foreground: Int?
        var background: Int?
    }

    private var wanted = Style()
    private var emitted = Style()
    private var bold = 0
    private var italic = 0
    private var underline = 0
    private var strikethrough = 0
    private var monospace = 0
    /// Colours of the enclosing `<font>`/`<span>`s, innermost last; each may set one or both.
    private var colors: [(foreground: Int?, background: Int?)] = []
    private var spoilerDepth = 0

    // MARK: Lines

    private enum Prefix {
        case quote
        case item(marker: String, markerWritten: Bool)
    }

    /// Quotes and list items around the current point, outermost first: each line starts with
    /// their prefixes.
    private var prefixes: [Prefix] = []
    private var lineHasContent = false
    /// Newlines asked for and not yet written: 1, or 2 for one blank line.
    private var pendingBreaks = 0
    /// A collapsed run of whitespace waiting for the next word, with the style it was in.
    private var pendingSpace: Style?
    private var preDepth = 0
    /// Just inside `<pre>`: HTML ignores a newline right there.
    private var atPreStart = false
    /// Cells written so far in each open table row.
    private var rowCells: [Int] = []

    // MARK: Nodes

    mutating func write(_ nodes: [HTMLNode]) {
        for node in nodes { write(node) }
    }

    mutating func write(_ node: HTMLNode) {
        switch node {
        case .text(let text): self.text(text)
        case .element(let name, let attributes, let children): element(name, attributes, children)
        }
    }

    private mutating func element(_ name: String, _ attributes: [String: String], _ children: [HTMLNode]) {
        if let reason = attributes["data-mx-spoiler"] {
            return spoiler(reason: reason, name, attributes, children)
        }
        switch name {
        case "mx-reply", "head":
            return  // the reply fallback: IRC has its own way to show a reply
        case "b", "strong": styled(\.bold) { $0.write(children) }
        case "i", "em": styled(\.italic) { $0.write(children) }
        case "u", "ins": styled(\.underline) { $0.write(children) }
        case "s", "del", "strike": styled(\.strikethrough) { $0.write(children) }
        case "code", "tt", "kbd", "samp": styled(\.monospace) { $0.write(children) }
        case "pre":
            block()
            preDepth += 1
            atPreStart = true
            styled(\.monospace) { $0.write(children) }
            atPreStart = false
            preDepth -= 1
            block()
        case "h1", "h2", "h3", "h4", "h5", "h6":
            block()
            styled(\.bold) { $0.write(children) }
            block()
        case "blockquote":
            block()
            prefixes.append(.quote)
            write(children)
            prefixes.removeLast()
            block()
        case "ul", "ol":
            list(ordered: name == "ol", start: attributes["start"], children)
        case "li":
            item(marker: "• ", children)  // an item outside any list
        case "br":
            lineBreak()
        case "hr":
            block()
            text("----")
            block()
        case "img":
            text(Self.nonEmpty(Self.collapsed(attributes["alt"] ?? "")) ?? Self.nonEmpty(Self.collapsed(attributes["title"] ?? "")) ?? "image")
        case "a":
            link(href: attributes["href"], children)
        case "font", "span":
            colored(foreground: attributes["data-mx-color"] ?? attributes["color"], background: attributes["data-mx-bg-color"], children)
        case "tr":
            block()
            rowCells.append(0)
            write(children)
            rowCells.removeLast()
            block()
        case "td", "th":
            if let cells = rowCells.last {
                if cells > 0 { text(" | ") }
                rowCells[rowCells.count - 1] = cells + 1
            }
            write(children)
        case "p", "div", "table", "thead", "tbody", "tfoot", "caption", "details", "summary", "dl", "dt", "dd",
             "section", "article", "header", "footer", "nav", "aside", "main", "figure", "figcaption", "address", "center":
            block()
            write(children)
            block()
        default:
            write(children)
        }
    }

    private mutating func styled(_ counter: WritableKeyPath<IRCTextWriter, Int>, _ body: (inout IRCTextWriter) -> Void) {
        self[keyPath: counter] += 1
        updateWanted()
        body(&self)
        self[keyPath: counter] -= 1
        updateWanted()
    }

    private mutating func colored(foreground: String?, background: String?, _ children: [HTMLNode]) {
        let foreground = foreground.flatMap(IRCColorPalette.nearestCode(toHex:))
        let background = background.flatMap(IRCColorPalette.nearestCode(toHex:))
        // Inside a spoiler a colour would reveal the text.
        guard foreground != nil || background != nil, spoilerDepth == 0 else { return write(children) }
        colors.append((foreground, background))
        updateWanted()
        write(children)
        colors.removeLast()
        updateWanted()
    }

    /// "[spoiler] " then the text black on black: IRC's own spoiler, readable by selecting it.
    private mutating func spoiler(reason: String, _ name: String, _ attributes: [String: String], _ children: [HTMLNode]) {
        let reason = Self.collapsed(reason)
        text(reason.isEmpty ? "[spoiler] " : "[spoiler: \(reason)] ")
        colors.append((1, 1))
        spoilerDepth += 1
        updateWanted()
        var rest = attributes
        rest["data-mx-spoiler"] = nil
        element(name, rest, children)
        spoilerDepth -= 1
        colors.removeLast()
        updateWanted()
    }

    private mutating func list(ordered: Bool, start: String?, _ children: [HTMLNode]) {
        block()
        // Clamped so counting on can never overflow.
        var number = ordered ? min(max(Int(Self.collapsed(start ?? "")) ?? 1, -1_000_000), 1_000_000) : 0
        for child in children {
            switch child {
            case .element("li", _, let content):
                item(marker: ordered ? "\(number). " : "• ", content)
                number += 1
            case .text(let text) where text.unicodeScalars.allSatisfy(Self.isHTMLWhitespace):
                continue  // the newlines between <li>s
            default:
                write(child)
            }
        }
        block()
    }

    private mutating func item(marker: String, _ children: [HTMLNode]) {
        block()
        prefixes.append(.item(marker: marker, markerWritten: false))
        write(children)
        prefixes.removeLast()
        block()
    }

    private mutating func link(href: String?, _ children: [HTMLNode]) {
        let label = Self.collapsed(children.map(\.textContent).joined())
        guard let href = Self.nonEmpty(Self.collapsed(href ?? "")) else { return write(children) }
        if let user = MatrixPill.userID(fromHref: href) {
            return text(pills[user] ?? Self.nonEmpty(label) ?? user)
        }
        guard let scheme = Self.scheme(of: href), Self.shownSchemes.contains(scheme) else {
            return write(children)  // javascript:, data:, relative links: only the text means anything
        }
        let url = Self.cleanedURL(href)
        guard !label.isEmpty else { return text(url) }
        write(children)
        if !Self.label(label, says: url, scheme: scheme) { text(" (\(url))") }
    }

    // MARK: Text

    private mutating func text(_ text: String) {
        for scalar in text.unicodeScalars {
            if preDepth > 0 {
                preformatted(scalar)
            } else if Self.isHTMLWhitespace(scalar) {
                space()
            } else if !Self.isControl(scalar) {
                visible(scalar)
            }
        }
    }

    private mutating func preformatted(_ scalar: Unicode.Scalar) {
        defer { atPreStart = false }
        switch scalar {
        case "\n": if !atPreStart { lineBreak() }
        case "\t", " ": visible(scalar)
        default: if !Self.isControl(scalar) { visible(scalar) }
        }
    }

    private mutating func space() {
        guard lineHasContent, pendingBreaks == 0, pendingSpace == nil else { return }
        pendingSpace = wanted
    }

    private mutating func visible(_ scalar: Unicode.Scalar) {
        if pendingBreaks > 0 {
            endLine(pendingBreaks)
            pendingBreaks = 0
        }
        if !lineHasContent {
            writePrefixes()
            lineHasContent = true
        }
        if let style = pendingSpace {
            pendingSpace = nil
            if style != emitted { sync(to: style, before: " ") }
            output += " "
        }
        if wanted != emitted { sync(to: wanted, before: scalar) }
        output.unicodeScalars.append(scalar)
    }

    private mutating func writePrefixes() {
        for index in prefixes.indices {
            switch prefixes[index] {
            case .quote:
                output += "> "
            case .item(let marker, true):
                output += String(repeating: " ", count: marker.count)
            case .item(let marker, false):
                output += marker
                prefixes[index] = .item(marker: marker, markerWritten: true)
            }
        }
    }

    /// A block starts or ends: the next text goes on a new line.
    private mutating func block() {
        guard lineHasContent else { return }
        pendingBreaks = max(pendingBreaks, 1)
        pendingSpace = nil
    }

    /// `<br>` or a newline in `<pre>`: two in a row leave one blank line.
    private mutating func lineBreak() {
        guard lineHasContent else { return }
        pendingBreaks = min(pendingBreaks + 1, 2)
        pendingSpace = nil
    }

    private mutating func endLine(_ count: Int) {
        sync(to: Style(), before: nil)
        output += String(repeating: "\n", count: count)
        lineHasContent = false
    }

    /// Closes what is still open at the end.
    mutating func finish() -> String {
        if emitted != Style() { sync(to: Style(), before: nil) }
        return output
    }

    // MARK: Codes

    private mutating func updateWanted() {
        wanted = Style(
            bold: bold > 0, italic: italic > 0, underline: underline > 0, strikethrough: strikethrough > 0, monospace: monospace > 0,
            foreground: colors.last { $0.foreground != nil }?.foreground, background: colors.last { $0.background != nil }?.background
        )
    }

    private enum LastCode { case none, colorReset, foregroundOnly, other }

    /// Writes the codes that turn `emitted` into `target`, knowing the character that follows.
    private mutating func sync(to target: Style, before next: Unicode.Scalar?) {
        var codes = ""
        var last = LastCode.none
        if target.foreground != emitted.foreground || target.background != emitted.background {
            switch (target.foreground, target.background) {
            case (nil, nil):
                codes += "\u{3}"
                last = .colorReset
            case (let foreground?, nil):
                if emitted.background != nil { codes += "\u{3}" }  // a bare \x03 is the only way to drop a background
                codes += "\u{3}" + Self.twoDigits(foreground)
                last = .foregroundOnly
            case (nil, let background?):
                codes += "\u{3}99," + Self.twoDigits(background)  // 99: the default foreground
                last = .other
            case (let foreground?, let background?):
                if background == emitted.background {
                    codes += "\u{3}" + Self.twoDigits(foreground)
                    last = .foregroundOnly
                } else {
                    codes += "\u{3}" + Self.twoDigits(foreground) + "," + Self.twoDigits(background)
                    last = .other
                }
            }
        }
        for (on, was, code) in [
            (target.bold, emitted.bold, "\u{2}"), (target.italic, emitted.italic, "\u{1D}"),
            (target.underline, emitted.underline, "\u{1F}"), (target.strikethrough, emitted.strikethrough, "\u{1E}"),
            (target.monospace, emitted.monospace, "\u{11}"),
        ] where on != was {
            codes += code
            last = .other
        }
        // Colour numbers are always two digits, so a digit after one is text; but a digit after a
        // bare \x03, or a comma after a foreground, would still be read as part of the code.
        // Two bolds in a row change nothing and end the code.
        if let next, (last == .colorReset && (("0"..."9").contains(next) || next == ",")) || (last == .foregroundOnly && next == ",") {
            codes += "\u{2}\u{2}"
        }
        output += codes
        emitted = target
    }

    private static func twoDigits(_ code: Int) -> String {
        code < 10 ? "0\(code)" : "\(code)"
    }

    // MARK: Helpers

    private static func isHTMLWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar == " " || scalar == "\n" || scalar == "\t" || scalar == "\r" || scalar == "\u{C}"
    }

    /// C0 controls and DEL: IRC formatting codes, CTCP markers, NUL, CR. The only codes in the
    /// output are the writer's own.
    static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || scalar.value == 0x7F
    }

    /// Whitespace runs as single spaces, trimmed.
    static func collapsed(_ text: String) -> String {
        text.unicodeScalars.split(whereSeparator: { isHTMLWhitespace($0) || isControl($0) })
            .map { String(String.UnicodeScalarView($0)) }.joined(separator: " ")
    }

    private static func nonEmpty(_ text: String) -> String? {
        text.isEmpty ? nil : text
    }

    /// Link schemes worth showing to IRC users; the rest (javascript:, data:, file:…) are dropped.
    private static let shownSchemes: Set<String> = [
        "http", "https", "ftp", "mailto", "matrix", "irc", "ircs", "magnet", "xmpp", "tel", "geo", "gemini",
    ]

    /// The lowercased scheme of a URL, nil for a relative one.
    private static func scheme(of url: String) -> String? {
        guard let colon = url.firstIndex(of: ":") else { return nil }
        let scheme = url[..<colon]
        guard let first = scheme.first, first.isASCII, first.isLetter,
              scheme.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "+" || $0 == "-" || $0 == ".") }) else { return nil }
        return scheme.lowercased()
    }

    /// The URL as one IRC word: spaces percent-encoded (`collapsed` already made them single).
    private static func cleanedURL(_ url: String) -> String {
        var result = ""
        for scalar in url.unicodeScalars {
            if scalar == " " { result += "%20" } else { result.unicodeScalars.append(scalar) }
        }
        return result
    }

    /// Whether the link text already tells the URL, so repeating it would only be noise: the URL
    /// itself, the URL without "https://" (as linkified text reads), a mail address for its
    /// `mailto:`, or the room or user a matrix.to link names.
    private static func label(_ label: String, says url: String, scheme: String) -> Bool {
        if label == url { return true }
        let afterScheme = url.dropFirst(scheme.count + 1)
        switch scheme {
        case "mailto":
            return label == afterScheme.prefix { $0 != "?" }
        case "http", "https":
            if let target = MatrixPill.matrixToTarget(fromHref: url), label == target { return true }
            let bare = afterScheme.hasPrefix("//") ? afterScheme.dropFirst(2) : afterScheme
            return label == bare || (bare.hasSuffix("/") && label == bare.dropLast())
        default:
            return false
        }
    }
}
