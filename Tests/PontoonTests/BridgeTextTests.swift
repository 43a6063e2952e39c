@testable import Pontoon
import Testing

@Suite("Relay format, reply fallbacks, stable transaction IDs")
struct BridgeTextTests {
    @Test func relayFormatFillsPlaceholdersAndDropsTags() {
        let text = RelayFormat.plainText(format: "<b>{{.Sender}}</b>: {{.Message}}", sender: "Alice", message: "hi")
        #expect(text == "Alice: hi")
    }

    @Test func relayFormatKeepsPlaceholdersTypedByUsersLiteral() {
        // A display name that looks like a placeholder is not expanded a second time.
        let text = RelayFormat.plainText(format: "{{.Sender}} says {{.Message}}", sender: "{{.Message}}", message: "<x> & y")
        #expect(text == "{{.Message}} says <x> & y")
    }

    @Test func relayFormatSurvivesBrokenTemplates() {
        #expect(RelayFormat.plainText(format: "{{.Nope}} {{. <b", sender: "a", message: "b") == "{{.Nope}} {{. ")
        #expect(RelayFormat.plainText(format: "", sender: "a", message: "b") == "")
        #expect(RelayFormat.plainText(format: "&lt;{{.Sender}}&gt; {{.Message}}", sender: "a", message: "b") == "<a> b")
    }

    @Test func replyFallbackIsRemovedOnlyFromReplies() {
        let body = "> <@bob:example.org> original\n> second line\n\nmy answer"
        #expect(ReplyFallback.strip(body, isReply: true) == "my answer")
        #expect(ReplyFallback.strip(body, isReply: false) == body)
        #expect(ReplyFallback.strip("> quote only", isReply: true) == "")
        #expect(ReplyFallback.strip("plain", isReply: true) == "plain")
        #expect(ReplyFallback.stripHTML("<mx-reply><blockquote>x</blockquote></mx-reply>answer") == "answer")
        #expect(ReplyFallback.stripHTML("<mx-reply>never closed") == "<mx-reply>never closed")
    }

    @Test func stableHashIsDeterministicAndSeparatesInputs() {
        #expect(StableHash.hex("a\u{1F}b") == StableHash.hex("a\u{1F}b"))
        #expect(StableHash.hex("a\u{1F}b") != StableHash.hex("a\u{1F}c"))
        #expect(StableHash.hex("") != StableHash.hex("\u{0}"))
        #expect(StableHash.hex("ab").count <= 33)
    }
}

@Suite("Splitting text for size-limited networks")
struct TextSplitterTests {
    @Test func shortTextIsOnePiece() {
        #expect(TextSplitter.split("hello", maxBytes: 10) == ["hello"])
        #expect(TextSplitter.split("", maxBytes: 10) == [""])
    }

    @Test func piecesStayUnderTheLimitAndJoinBackToTheText() {
        let text = String(repeating: "word ", count: 100) + String(repeating: "é", count: 50) + "🏳️‍🌈 end"
        let pieces = TextSplitter.split(text, maxBytes: 40)
        #expect(pieces.allSatisfy { $0.utf8.count <= 40 || $0.count == 1 })
        #expect(pieces.joined() == text)
        #expect(pieces.count > 1)
    }

    @Test func cutsAtSpacesWhenThereIsOne() {
        #expect(TextSplitter.split("aaaa bbbb cccc", maxBytes: 10) == ["aaaa bbbb ", "cccc"])
    }

    @Test func aCharacterLongerThanTheLimitGoesOutWhole() {
        let flag = "🏳️‍🌈"
        #expect(TextSplitter.split(flag + flag, maxBytes: 4) == [flag, flag])
        #expect(TextSplitter.split("abc", maxBytes: 0) == ["abc"])
    }
}
