/// A bot reply, sent as an `m.notice` with a plain `body` and an HTML `formatted_body`.
///
/// Built from blocks (paragraphs and bulleted lists of ``ReplyText``), so both bodies stay in step
/// and nothing the user typed can become markup.
public struct CommandReply: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// One block of a reply.
    public enum Block: Sendable, Hashable {
        case paragraph(ReplyText)
        case list([ReplyText])
    }

    public var blocks: [Block]

    public init(_ blocks: [Block]) { self.blocks = blocks }

    /// A reply of one paragraph.
    public init(_ text: ReplyText) { blocks = [.paragraph(text)] }

    public init(stringLiteral value: String) { self.init(ReplyText(value)) }

    public init(stringInterpolation: ReplyText.StringInterpolation) {
        self.init(ReplyText(stringInterpolation: stringInterpolation))
    }

    /// The plain `body`: paragraphs separated by a blank line, list items as `* item` lines.
    public var body: String {
        var body = ""
        for (index, block) in blocks.enumerated() {
            switch block {
            case .paragraph(let text):
                if index > 0 { body += "\n\n" }
                body += text.plain
            case .list(let items):
                if index > 0 { body += "\n" }
                body += items.map { "* " + $0.plain }.joined(separator: "\n")
            }
        }
        return body
    }

    /// The HTML `formatted_body`. A reply of a single paragraph has no `<p>` around it.
    public var formattedBody: String {
        if blocks.count == 1, case .paragraph(let text) = blocks[0] { return text.html }
        return blocks.map { block in
            switch block {
            case .paragraph(let text): "<p>" + text.html + "</p>"
            case .list(let items): "<ul>" + items.map { "<li>" + $0.html + "</li>" }.joined() + "</ul>"
            }
        }.joined()
    }

    public var description: String { body }
}
