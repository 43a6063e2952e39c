import Pontoon
import Testing

@Suite("Command replies: plain and HTML bodies")
struct CommandReplyTests {
    @Test func textIsEscapedInHTML() {
        let reply = CommandReply(ReplyText(#"<img src=x onerror="alert('1')"> & co"#))
        #expect(reply.formattedBody == "&lt;img src=x onerror=&quot;alert(&#39;1&#39;)&quot;&gt; &amp; co")
        #expect(reply.body == #"<img src=x onerror="alert('1')"> & co"#)
    }

    @Test func codeIsEscapedInsideTheCodeElement() {
        let text = ReplyText.code("</code><script>")
        #expect(text.html == "<code>&lt;/code&gt;&lt;script&gt;</code>")
        #expect(text.plain == "`</code><script>`")
    }

    @Test func boldWrapsItsText() {
        let text = ReplyText.bold("a<b")
        #expect(text.html == "<strong>a&lt;b</strong>")
        #expect(text.plain == "**a<b**")
    }

    @Test func interpolationEscapesStringsAndKeepsFormatting() {
        let name = "<b>x</b>"
        let text: ReplyText = "Hi \(name), try \(code: "help") or \(bold: "<now>")"
        #expect(text.html == "Hi &lt;b&gt;x&lt;/b&gt;, try <code>help</code> or <strong>&lt;now&gt;</strong>")
        #expect(text.plain == "Hi <b>x</b>, try `help` or **<now>**")
    }

    @Test func literalSegmentsAreEscapedToo() {
        let text: ReplyText = "a <b> c"
        #expect(text.html == "a &lt;b&gt; c")
    }

    @Test func newlinesBecomeLineBreaksInHTML() {
        let text = ReplyText("one\ntwo")
        #expect(text.html == "one<br>two")
        #expect(text.plain == "one\ntwo")
    }

    @Test func controlCharactersBecomeReplacementCharacters() {
        let text = ReplyText("a\u{0}b\u{1B}c\u{7F}d\te")
        #expect(text.plain == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te")
        #expect(text.html == "a\u{FFFD}b\u{FFFD}c\u{FFFD}d\te")
    }

    @Test func aSingleParagraphHasNoParagraphElement() {
        let reply: CommandReply = "Nothing to cancel."
        #expect(reply.formattedBody == "Nothing to cancel.")
        #expect(reply.body == "Nothing to cancel.")
    }

    @Test func blocksRenderAsParagraphsAndLists() {
        let reply = CommandReply([
            .paragraph("Title"),
            .list(["one", .code("two")]),
            .paragraph("After"),
        ])
        #expect(reply.formattedBody == "<p>Title</p><ul><li>one</li><li><code>two</code></li></ul><p>After</p>")
        #expect(reply.body == "Title\n* one\n* `two`\n\nAfter")
    }

    @Test func listItemsAreEscaped() {
        let reply = CommandReply([.list([ReplyText("<li>x")])])
        #expect(reply.formattedBody == "<ul><li>&lt;li&gt;x</li></ul>")
    }

    @Test func joinedPutsTheSeparatorBetweenPieces() {
        let text = ReplyText.joined([.code("a"), .code("b")], separator: ", ")
        #expect(text.html == "<code>a</code>, <code>b</code>")
        #expect(text.plain == "`a`, `b`")
    }
}
