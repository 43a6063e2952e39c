import Pontoon

/// Matrix message → IRC text.
public enum MatrixToIRC {
    /// Matrix message → IRC text with mIRC codes; may contain "\n" (the caller splits lines).
    ///
    /// Uses `html` when present (parsed with `HTMLParser`), else `body`; when the HTML shows
    /// nothing (only a reply fallback, only a script), the body is used after all.
    /// - b/strong → `\x02`, i/em → `\x1d`, u → `\x1f`, s/del/strike → `\x1e`, inline code →
    ///   `\x11`, pre → its lines as they are, in `\x11`; nesting never toggles a code off early.
    /// - font/span `data-mx-color`, `data-mx-bg-color` (and `color`) → the nearest `\x03` colour,
    ///   always two digits, reset with `\x03` after (an outer colour is restored).
    /// - a href → "text (url)", or only the text when it already says the URL (the URL itself,
    ///   the URL without its scheme, the address of a `mailto:`, the room of a matrix.to link);
    ///   links other than http(s), mailto and a few more harmless schemes keep only their text.
    ///   Pills → `pillNick(userID)`, or the link text when that is nil.
    /// - br/p/div/li/headings/blockquote/pre/tr → line breaks; ul li → "• ", ol li → "1. "
    ///   numbered from `start`, nested lists indented; blockquote → "> " before each line; table
    ///   cells → " | " between them; h1–h6 → bold; hr → "----"; img → its alt text or "image".
    /// - mx-reply is removed entirely; a `data-mx-spoiler` → "[spoiler] " (or
    ///   "[spoiler: reason] ") then the text black on black, IRC's spoiler.
    /// - Whitespace collapses as in HTML outside pre; no leading or trailing blank lines, at
    ///   most one blank line in a row; formatting is closed at the end of every line.
    /// - The output never contains CR, NUL, `\x01`, nor any control code the sender wrote.
    public static func convert(body: String, html: String?, pillNick: (String) -> String? = { _ in nil }) -> String {
        guard let html else { return plain(body) }
        let nodes = HTMLParser.parse(html, maxDepth: 64)
        var pills: [String: String] = [:]
        for user in pilledUsers(in: nodes) {
            if let nick = pillNick(user) { pills[user] = nick }
        }
        var writer = IRCTextWriter(pills: pills)
        writer.write(nodes)
        let text = withoutBlankLineRuns(writer.finish())
        return text.isEmpty ? plain(body) : text
    }

    /// The body as IRC lines: CRLF and CR as line feeds, controls removed (tabs stay).
    static func plain(_ body: String) -> String {
        var text = String.UnicodeScalarView()
        var afterCR = false
        for scalar in body.unicodeScalars {
            defer { afterCR = scalar == "\r" }
            switch scalar {
            case "\r": text.append("\n")
            case "\n": if !afterCR { text.append(scalar) }
            case "\t": text.append(scalar)
            default: if !IRCTextWriter.isControl(scalar) { text.append(scalar) }
            }
        }
        return withoutBlankLineRuns(String(text))
    }

    /// No blank line first or last, never two in a row; a line holding only whitespace and
    /// formatting codes counts as blank. Trailing spaces go.
    static func withoutBlankLineRuns(_ text: String) -> String {
        var lines: [Substring] = []
        var blankPending = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            guard line.unicodeScalars.contains(where: { !$0.properties.isWhitespace && !IRCTextWriter.isControl($0) }) else {
                blankPending = !lines.isEmpty
                continue
            }
            if blankPending { lines.append("") }
            blankPending = false
            var end = line.endIndex
            while end > line.startIndex, line[line.index(before: end)] == " " { end = line.index(before: end) }
            lines.append(line[..<end])
        }
        return lines.joined(separator: "\n")
    }

    /// Every Matrix user a link in the tree pills, so `pillNick` is asked once per user.
    private static func pilledUsers(in nodes: [HTMLNode]) -> [String] {
        var users: [String] = []
        var seen: Set<String> = []
        var pending = Array(nodes.reversed())
        while let node = pending.popLast() {
            guard case .element(let name, let attributes, let children) = node else { continue }
            if name == "a", let href = attributes["href"], let user = MatrixPill.userID(fromHref: href), seen.insert(user).inserted {
                users.append(user)
            }
            pending.append(contentsOf: children.reversed())
        }
        return users
    }
}
