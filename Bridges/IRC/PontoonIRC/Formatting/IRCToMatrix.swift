import Pontoon

/// IRC text → Matrix `body` and `formatted_body`.
public enum IRCToMatrix {
    /// IRC text → Matrix body + HTML.
    ///
    /// - `body` is the text with every control code removed (tabs and line feeds stay).
    /// - `html` is nil when the text had no formatting, no link and no mention (then only the body
    ///   is sent); otherwise it is HTML with all text escaped: `<b>`, `<i>`, `<u>`, `<del>`,
    ///   `<code>`, `<font data-mx-color="#rrggbb" data-mx-bg-color="#rrggbb">`. Reverse swaps
    ///   the colours (and shows nothing without colours); text in its own background colour,
    ///   IRC's spoiler, becomes `<span data-mx-spoiler>`. Tags always nest properly: where IRC
    ///   toggles overlap, tags are closed and reopened.
    /// - http(s) URLs become `<a href>` links (no other scheme is ever linked).
    /// - `mention` is asked about each nick-shaped word (IRC nick characters, optionally followed
    ///   by `:` `,` `.` `!` `?` `;` as in "bob: hi"); for a mention it returns, the body keeps the
    ///   nick and the HTML gets a pill `<a href="https://matrix.to/#/@u:s">displayName</a>`.
    public static func convert(_ text: String, mention: (String) -> IRCMention? = { _ in nil }) -> (body: String, html: String?) {
        let runs = IRCFormattingReader.runs(text)
        var body = ""
        var writer = TagWriter()
        var isRich = false
        for run in runs {
            body += run.text
            let (html, linked) = IRCTextLinker.html(for: run.text, mention: mention)
            let tags = tags(for: run.style)
            isRich = isRich || linked || !tags.isEmpty
            writer.write(html, inside: tags)
        }
        return (body, isRich ? writer.finish() : nil)
    }

    /// The tags a style needs, outermost first. Colours come innermost because they change most
    /// often (rainbow text) while bold or italic spans on.
    private static func tags(for style: IRCTextStyle) -> [Tag] {
        var tags: [Tag] = []
        if style.bold { tags.append(.bold) }
        if style.italic { tags.append(.italic) }
        if style.underline { tags.append(.underline) }
        if style.strikethrough { tags.append(.strikethrough) }
        if style.monospace { tags.append(.code) }
        let colors = style.shownColors
        if style.isSpoiler {
            tags.append(.spoiler)
        } else if colors.foreground != nil || colors.background != nil {
            tags.append(.font(foreground: colors.foreground, background: colors.background))
        }
        return tags
    }

    enum Tag: Hashable {
        case bold, italic, underline, strikethrough, code, spoiler
        case font(foreground: String?, background: String?)

        var open: String {
            switch self {
            case .bold: "<b>"
            case .italic: "<i>"
            case .underline: "<u>"
            case .strikethrough: "<del>"
            case .code: "<code>"
            case .spoiler: "<span data-mx-spoiler=\"\">"
            case .font(let foreground, let background):
                // The values are "#" and six hex digits from the palette or the reader: nothing to escape.
                "<font" + (foreground.map { " data-mx-color=\"\($0)\"" } ?? "") + (background.map { " data-mx-bg-color=\"\($0)\"" } ?? "") + ">"
            }
        }

        var close: String {
            switch self {
            case .bold: "</b>"
            case .italic: "</i>"
            case .underline: "</u>"
            case .strikethrough: "</del>"
            case .code: "</code>"
            case .spoiler: "</span>"
            case .font: "</font>"
            }
        }
    }

    /// Writes runs of HTML keeping a stack of open tags: a tag still wanted stays open across runs,
    /// and one that is no longer wanted is closed together with everything opened after it
    /// (those are reopened), so the output always nests.
    private struct TagWriter {
        var html = ""
        var open: [Tag] = []

        mutating func write(_ text: String, inside wanted: [Tag]) {
            guard !text.isEmpty else { return }
            let keep = open.firstIndex { !wanted.contains($0) } ?? open.count
            while open.count > keep { html += open.removeLast().close }
            for tag in wanted where !open.contains(tag) {
                html += tag.open
                open.append(tag)
            }
            html += text
        }

        mutating func finish() -> String {
            while let tag = open.popLast() { html += tag.close }
            return html
        }
    }
}
