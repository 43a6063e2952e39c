import Foundation
import PontoonMatrix
import Testing

@Suite struct EphemeralEventTests {
    private func edu(_ text: String) throws -> EphemeralEvent {
        try EphemeralEvent(json: try TypesFixture.json(text))
    }

    @Test func typingFromSynapseDecodes() throws {
        let event = try edu(#"{"type":"m.typing","room_id":"!d-8yWOXRmHHgsdFFJ28XGvmBZMEJhh2OhEDSL1U_v4c","content":{"user_ids":["@carol:localhost"]}}"#)
        #expect(event.roomID == "!d-8yWOXRmHHgsdFFJ28XGvmBZMEJhh2OhEDSL1U_v4c")
        #expect(event.typedContent == .typing(TypingContent(userIDs: ["@carol:localhost"])))
    }

    @Test func receiptFromSynapseDecodes() throws {
        let event = try edu(#"{"type":"m.receipt","room_id":"!r","content":{"$ev":{"m.read":{"@carol:localhost":{"ts":1732269000999,"thread_id":"main"}}}}}"#)
        guard case .receipt(let content) = event.typedContent else {
            Issue.record("expected a receipt, got \(event.typedContent)")
            return
        }
        let receipt = content.receipts["$ev"]?[ReceiptContent.read]?["@carol:localhost"]
        #expect(receipt?.ts == 1_732_269_000_999)
        #expect(receipt?.threadID == "main")
        #expect(content.entries.count == 1)
        #expect(content.entries.first?.userID == "@carol:localhost")
    }

    @Test func receiptDropsInvalidEntries() throws {
        let content = try ReceiptContent(json: try TypesFixture.json(#"{"bogus":{"m.read":{}},"$ok":{"m.read":{"nobody":{"ts":1},"@a:b":{"ts":2}},"m.read.private":"x"}}"#))
        #expect(content.receipts.count == 1)
        #expect(content.receipts["$ok"]?[ReceiptContent.read]?.count == 1)
    }

    @Test func presenceFromSynapseDecodes() throws {
        let event = try edu(#"{"type":"m.presence","sender":"@dummy_ghost:localhost","content":{"presence":"offline","last_active_ago":19}}"#)
        #expect(event.sender == "@dummy_ghost:localhost")
        #expect(event.typedContent == .presence(PresenceContent(presence: .offline, lastActiveAgo: 19)))
        let online = try PresenceContent(json: ["presence": "online", "currently_active": true, "status_msg": "busy"])
        #expect(online.currentlyActive == true)
        #expect(online.statusMsg == "busy")
        #expect(try PresenceContent(json: ["presence": "dnd"]).presence == .other("dnd"))
    }

    @Test func malformedTypingIsUnknownWithReason() throws {
        let event = try edu(#"{"type":"m.typing","content":{"user_ids":"@a:b"}}"#)
        let (content, failure) = event.decodeTypedContent()
        #expect(content == .unknown(type: "m.typing", content: ["user_ids": "@a:b"]))
        #expect(failure?.path == "user_ids")
    }

    @Test func unknownEDUKeepsItsContentAndRoundTrips() throws {
        let event = try edu(#"{"type":"org.example.edu","content":{"x":1},"extra":"kept"}"#)
        #expect(event.typedContent == .unknown(type: "org.example.edu", content: ["x": 1]))
        #expect(try EphemeralEvent(jsonBytes: event.rawJSON()) == event)
        #expect(event.raw["extra"] == "kept")
    }

    @Test func eduWithoutTypeIsRejected() {
        #expect(throws: EventDecodingError.missingType) { try edu(#"{"content":{}}"#) }
    }
}

@Suite struct ToDeviceEventTests {
    @Test func olmToDeviceFromSynapseDecodes() throws {
        let event = try ToDeviceEvent(json: try TypesFixture.json("""
            {"type":"m.room.encrypted","sender":"@alice:localhost","to_user_id":"@dummy_ghost:localhost","to_device_id":"GHOSTDEV",
             "content":{"algorithm":"m.olm.v1.curve25519-aes-sha2","sender_key":"jrdcbkAX","ciphertext":{"k":{"type":0,"body":"AwogNuRW"}}}}
            """))
        #expect(event.sender == "@alice:localhost")
        #expect(event.toUserID == "@dummy_ghost:localhost")
        #expect(event.toDeviceID == "GHOSTDEV")
        #expect(event.encryptedContent?.senderKey == "jrdcbkAX")
        #expect(event.encryptedContent?.ciphertext["k"]?["body"] == "AwogNuRW")
        #expect(try ToDeviceEvent(jsonBytes: event.rawJSON()) == event)
    }

    @Test func invalidRecipientIsRecordedNotFatal() throws {
        let event = try ToDeviceEvent(json: ["type": "m.room_key_request", "to_user_id": "nobody", "to_device_id": 5, "content": [:]])
        #expect(event.toUserID == nil)
        #expect(event.toDeviceID == nil)
        #expect(Set(event.invalidFields.map(\.field)) == ["to_user_id", "to_device_id"])
        #expect(event.encryptedContent == nil)
    }
}
