import PontoonMatrix
import Testing

@Suite struct RelationTests {
    private func relation(_ text: String) throws -> Relation {
        try Relation(json: try TypesFixture.json(text))
    }

    @Test func replaceDecodes() throws {
        #expect(try relation(#"{"rel_type":"m.replace","event_id":"$a"}"#).kind == .replace("$a"))
    }

    @Test func annotationDecodes() throws {
        #expect(try relation(#"{"rel_type":"m.annotation","event_id":"$a","key":"👍"}"#).kind == .annotation("$a", key: "👍"))
    }

    @Test func threadWithFallbackReplyDecodes() throws {
        let decoded = try relation(#"{"rel_type":"m.thread","event_id":"$root","is_falling_back":true,"m.in_reply_to":{"event_id":"$latest"}}"#)
        #expect(decoded.kind == .thread(root: "$root", inReplyTo: "$latest", isFallingBack: true))
        #expect(decoded.replyTarget == nil)
    }

    @Test func realReplyInsideAThreadIsAReplyTarget() throws {
        let decoded = try relation(#"{"rel_type":"m.thread","event_id":"$root","is_falling_back":false,"m.in_reply_to":{"event_id":"$other"}}"#)
        #expect(decoded.replyTarget == "$other")
    }

    @Test func plainReplyDecodes() throws {
        #expect(try relation(#"{"m.in_reply_to":{"event_id":"$p"}}"#).kind == .reply("$p"))
    }

    @Test func referenceDecodes() throws {
        #expect(try relation(#"{"rel_type":"m.reference","event_id":"$r"}"#).kind == .reference("$r"))
    }

    @Test func unknownRelTypeIsPreserved() throws {
        let text = #"{"rel_type":"org.example.vote","event_id":"$poll","org.example.choice":2}"#
        let decoded = try relation(text)
        #expect(decoded.kind == .other(relType: "org.example.vote", eventID: "$poll"))
        #expect(decoded.json == (try TypesFixture.json(text)))
    }

    @Test func emptyRelationIsNone() throws {
        #expect(try relation("{}").kind == .none)
    }

    @Test func knownRelTypeWithoutEventIDFails() {
        #expect(throws: ContentDecodingError(path: "event_id", reason: "missing")) {
            try relation(#"{"rel_type":"m.replace"}"#)
        }
    }

    @Test func annotationWithoutKeyFails() {
        #expect(throws: ContentDecodingError.self) { try relation(#"{"rel_type":"m.annotation","event_id":"$a"}"#) }
    }

    @Test func invalidReplyEventIDFailsWithNestedPath() {
        #expect(throws: ContentDecodingError.self) { try relation(#"{"m.in_reply_to":{"event_id":"not-an-id"}}"#) }
        #expect(throws: ContentDecodingError(path: "m.in_reply_to", reason: "expected an object, found a string")) {
            try relation(#"{"m.in_reply_to":"$p"}"#)
        }
    }

    @Test func constructorsProduceTheSpecShapes() {
        #expect(Relation.reply(to: "$p").json == ["m.in_reply_to": ["event_id": "$p"]])
        #expect(Relation.replace("$e").json == ["rel_type": "m.replace", "event_id": "$e"])
        #expect(Relation.annotation("$e", key: "x").json == ["rel_type": "m.annotation", "event_id": "$e", "key": "x"])
        #expect(Relation.thread(root: "$root").json == [
            "rel_type": "m.thread", "event_id": "$root", "is_falling_back": true, "m.in_reply_to": ["event_id": "$root"],
        ])
        #expect(Relation.reference("$e").json == ["rel_type": "m.reference", "event_id": "$e"])
    }

    @Test func reactionContentDecodesAndReencodes() throws {
        let text = #"{"m.relates_to":{"rel_type":"m.annotation","event_id":"$target","key":"🎉","com.example.x":1},"com.example.y":2}"#
        let reaction = try ReactionContent(json: try TypesFixture.json(text))
        #expect(reaction.eventID == "$target")
        #expect(reaction.key == "🎉")
        #expect(reaction.json == (try TypesFixture.json(text)))
        #expect(ReactionContent(eventID: "$t", key: "k").json == ["m.relates_to": ["rel_type": "m.annotation", "event_id": "$t", "key": "k"]])
    }

    @Test func reactionWithoutAnnotationFails() {
        #expect(throws: ContentDecodingError(path: "m.relates_to.rel_type", reason: "expected m.annotation")) {
            try ReactionContent(json: try TypesFixture.json(#"{"m.relates_to":{"rel_type":"m.replace","event_id":"$t"}}"#))
        }
        #expect(throws: ContentDecodingError.self) { try ReactionContent(json: [:]) }
    }
}
