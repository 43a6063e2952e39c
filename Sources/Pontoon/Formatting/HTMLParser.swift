/// A tolerant parser for the HTML that chat clients send (Matrix `formatted_body`, and later the
/// Slack and Telegram bridges' own markup once turned into HTML).
public enum HTMLParser {
    /// Tolerant parse of Matrix `formatted_body`: lowercases tag/attr names, decodes entities in
    /// text and attribute values, auto-closes unclosed tags, ignores stray close tags, treats void
    /// tags (br, hr, img, …) right, drops comments, and drops <script>/<style> content entirely.
    /// Never crashes, and never recurses deeper than `maxDepth` (deeper nesting is flattened: its
    /// text kept) so hostile input can't overflow the stack; linear-ish time on 1 MB input.
    ///
    /// Details a consumer may rely on:
    /// - The returned tree is at most `maxDepth` elements deep; a void element past the limit is
    ///   dropped. Adjacent text is always merged into one `.text` node.
    /// - `<x/>` is an empty element even when `x` is not void (XHTML-style input reads naturally).
    /// - A new `<li>`, `<tr>`, `<td>`/`<th>`, `<dt>`/`<dd>` ends the open one, and a block start
    ///   tag ends an open `<p>`, as in HTML.
    /// - A tag the input ends inside (`<b`, `<a href="x`) is dropped with the rest of the input, as
    ///   a browser would show it; a `<` that starts no tag is text.
    /// - The content of `script`, `style`, `title`, `template`, `iframe`, `noembed` and `noframes`
    ///   is skipped unparsed, and the elements themselves do not appear.
    /// - At most 64 attributes are kept per element; with duplicates, the first wins.
    public static func parse(_ html: String, maxDepth: Int = 64) -> [HTMLNode] {
        var tokenizer = HTMLTokenizer(html)
        var builder = HTMLTreeBuilder(maxDepth: maxDepth)
        while let token = tokenizer.next() {
            switch token {
            case .text(let text): builder.text(text)
            case .startTag(let name, let attributes, let selfClosing): builder.start(name, attributes: attributes, selfClosing: selfClosing)
            case .endTag(let name): builder.end(name)
            }
        }
        return builder.finish()
    }
}
