import Foundation
import PontoonMatrix
import Testing

@Suite struct ClientEventTests {
    @Test func synapseMessageEnvelopeDecodes() throws {
        let event = try TypesFixture.event(TypesFixture.textMessage)
        #expect(event.type == "m.room.message")
        #expect(event.eventID == "$Wb2PiGd2vJ8RAjk6XG0qVY3kBsVTOJH6zcBNUO8V1Mg")
        #expect(event.roomID == "!d-8yWOXRmHHgsdFFJ28XGvmBZMEJhh2OhEDSL1U_v4c")
        #expect(event.sender == "@alice:localhost")
        #expect(event.originServerTS == 1_732_269_000_123)
        #expect(event.stateKey == nil)
        #expect(!event.isState)
        #expect(event.age == 57)
        #expect(event.invalidFields.isEmpty)
    }

    @Test func legacyUserIDStandsInForAMissingSender() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.message","user_id":"@old:localhost","content":{}}"#)
        #expect(event.sender == "@old:localhost")
    }

    @Test func redactionReadsRedactsFromTopLevelAndContent() throws {
        let event = try TypesFixture.event(TypesFixture.redaction)
        #expect(event.redacts == "$Wb2PiGd2vJ8RAjk6XG0qVY3kBsVTOJH6zcBNUO8V1Mg")
        #expect(event.typedContent == .redaction(RedactionContent(redacts: "$Wb2PiGd2vJ8RAjk6XG0qVY3kBsVTOJH6zcBNUO8V1Mg", reason: "spam")))
    }

    @Test func redactionWithOnlyTopLevelRedactsFillsTheContent() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.redaction","redacts":"$old","content":{"reason":"r"}}"#)
        #expect(event.redacts == "$old")
        #expect(event.typedContent == .redaction(RedactionContent(redacts: "$old", reason: "r")))
    }

    @Test func redactionWithOnlyContentRedactsIsRead() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.redaction","content":{"redacts":"$v11"}}"#)
        #expect(event.redacts == "$v11")
    }

    @Test func unknownEventTypeKeepsItsContent() throws {
        let event = try TypesFixture.event(#"{"type":"org.example.custom","content":{"a":[1,{"b":null}]}}"#)
        #expect(event.typedContent == .unknown(type: "org.example.custom", content: ["a": [1, ["b": nil]]]))
        #expect(event.decodeTypedContent().failure == nil)
    }

    @Test func knownTypeWithWrongFieldTypesIsUnknownWithReason() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.message","content":{"msgtype":"m.text","body":["not","a","string"]}}"#)
        let (content, failure) = event.decodeTypedContent()
        #expect(content == .unknown(type: "m.room.message", content: event.content))
        #expect(failure == ContentDecodingError(path: "body", reason: "expected a string, found an array"))
    }

    @Test func redactedMessageWithEmptyContentIsUnknown() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.message","event_id":"$r","content":{},"unsigned":{"redacted_because":{"type":"m.room.redaction"}}}"#)
        #expect(event.isRedacted)
        #expect(event.typedContent == .unknown(type: "m.room.message", content: [:]))
    }

    @Test func everyMessageLikeTypeDispatches() throws {
        let reaction = try TypesFixture.event(#"{"type":"m.reaction","content":{"m.relates_to":{"rel_type":"m.annotation","event_id":"$t","key":"👍"}}}"#)
        #expect(reaction.typedContent == .reaction(ReactionContent(eventID: "$t", key: "👍")))
        let encrypted = try TypesFixture.event(#"{"type":"m.room.encrypted","content":{"algorithm":"m.megolm.v1.aes-sha2","ciphertext":"abc"}}"#)
        #expect(encrypted.typedContent == .encrypted(EncryptedContent(algorithm: "m.megolm.v1.aes-sha2", ciphertext: "abc")))
        let create = try TypesFixture.event(#"{"type":"m.room.create","state_key":"","content":{"room_version":"12"}}"#)
        #expect(create.typedContent == .create(CreateContent(roomVersion: "12")))
        let levels = try TypesFixture.event(#"{"type":"m.room.power_levels","state_key":"","content":{}}"#)
        #expect(levels.typedContent == .powerLevels(PowerLevelsContent()))
    }

    @Test func unknownTopLevelFieldsSurviveTheRawRoundTrip() throws {
        let text = #"{"type":"m.room.message","content":{"msgtype":"m.text","body":"x"},"org.example.top":{"k":[1.5,true]},"age":5}"#
        let event = try TypesFixture.event(text)
        let again = try ClientEvent(jsonBytes: event.rawJSON())
        #expect(again == event)
        #expect(again.raw["org.example.top"] == ["k": [1.5, true]])
    }

    @Test func rawJSONRoundTripsEverySynapseShapeIdentically() throws {
        for text in [TypesFixture.textMessage, TypesFixture.invite, TypesFixture.redaction] {
            let event = try TypesFixture.event(text)
            let again = try ClientEvent(json: try JSONValue(parsing: event.rawJSON()))
            #expect(again == event)
            #expect(again.raw == event.raw)
            #expect(again.eventID == event.eventID)
            #expect(again.typedContent == event.typedContent)
        }
    }

    @Test func invalidRoomIDReadsAsNilAndIsRecorded() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.message","room_id":"not-a-room","content":{}}"#)
        #expect(event.roomID == nil)
        #expect(event.invalidFields.map(\.field) == ["room_id"])
        #expect(event.raw["room_id"] == "not-a-room")
    }

    @Test func numericSenderReadsAsNilAndIsRecorded() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.message","sender":12345,"content":{}}"#)
        #expect(event.sender == nil)
        #expect(event.invalidFields == [InvalidField(field: "sender", reason: "expected a string, found an integer")])
    }

    @Test func nonObjectContentReadsAsEmptyAndIsRecorded() throws {
        let event = try TypesFixture.event(#"{"type":"m.room.message","content":"hello"}"#)
        #expect(event.content == [:])
        #expect(event.invalidFields.map(\.field) == ["content"])
    }

    @Test func missingTypeIsRejected() {
        #expect(throws: EventDecodingError.missingType) { try TypesFixture.event(#"{"content":{}}"#) }
        #expect(throws: EventDecodingError.missingType) { try TypesFixture.event(#"{"type":7,"content":{}}"#) }
    }

    @Test func nonObjectIsRejected() {
        #expect(throws: EventDecodingError.notAnObject) { try ClientEvent(json: [1, 2]) }
        #expect(throws: EventDecodingError.self) { try ClientEvent(jsonBytes: Array("nope".utf8)) }
    }

    @Test func builtEventsCarryTheirFieldsInRaw() throws {
        let event = ClientEvent(
            type: "m.room.message", eventID: "$e", roomID: "!r:localhost", sender: "@a:localhost",
            originServerTS: 1, content: MessageContent.text("hi").json)
        #expect(event.raw["event_id"] == "$e")
        #expect(event.typedContent == .message(.text("hi")))
        #expect(try ClientEvent(jsonBytes: event.rawJSON()) == event)
    }

    @Test func decodeContentAsASpecificType() throws {
        let event = try TypesFixture.event(TypesFixture.textMessage)
        #expect(try event.decodeContent(as: MessageContent.self).msgtype == .text)
        #expect(throws: ContentDecodingError.self) { try event.decodeContent(as: MemberContent.self) }
    }
}
