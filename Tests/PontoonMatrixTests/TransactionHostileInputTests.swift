import Foundation
import PontoonMatrix
import Testing

@Suite struct TransactionHostileInputTests {
    private func decode(_ text: String) throws(TransactionDecodingError) -> AppserviceTransaction {
        try AppserviceTransaction.decode(Array(text.utf8))
    }

    private func isNotJSON(_ error: TransactionDecodingError) -> Bool {
        if case .notJSON = error { return true }
        return false
    }

    @Test func bodyThatIsNotJSONIsRejectedAsNotJSON() {
        for body in ["", "hello", "{\"events\":[", "{\"events\":[]} trailing", "{'events':[]}"] {
            let error = #expect(throws: TransactionDecodingError.self, "\(body)") { try decode(body) }
            #expect(error.map(isNotJSON) == true)
        }
    }

    @Test func topLevelArrayIsNotAnObject() {
        #expect(throws: TransactionDecodingError.notAnObject) { try decode(#"[{"events":[]}]"#) }
        #expect(throws: TransactionDecodingError.notAnObject) { try decode("42") }
    }

    @Test func sectionsOfTheWrongTypeAreInvalidFields() {
        #expect(throws: TransactionDecodingError.invalidField("events")) { try decode(#"{"events":"[]"}"#) }
        #expect(throws: TransactionDecodingError.invalidField("de.sorunome.msc2409.ephemeral")) {
            try decode(#"{"de.sorunome.msc2409.ephemeral":{}}"#)
        }
        #expect(throws: TransactionDecodingError.invalidField("to_device")) { try decode(#"{"to_device":1}"#) }
        #expect(throws: TransactionDecodingError.invalidField("org.matrix.msc3202.device_lists")) {
            try decode(#"{"org.matrix.msc3202.device_lists":[]}"#)
        }
        #expect(throws: TransactionDecodingError.invalidField("org.matrix.msc3202.device_one_time_keys_count")) {
            try decode(#"{"org.matrix.msc3202.device_one_time_keys_count":"x"}"#)
        }
    }

    @Test func nullSectionsReadAsAbsent() throws {
        let transaction = try decode(#"{"events":null,"ephemeral":null,"device_lists":null}"#)
        #expect(transaction.isEmpty)
    }

    @Test func eventWithoutTypeIsSkippedAndTheRestKept() throws {
        let transaction = try decode(#"{"events":[{"content":{}},\#(TypesFixture.textMessage),"string",7]}"#)
        #expect(transaction.events.count == 1)
        #expect(transaction.skipped.map(\.index) == [0, 2, 3])
        #expect(transaction.skipped.allSatisfy { $0.section == "events" })
        #expect(transaction.skipped.first?.reason == EventDecodingError.missingType.description)
    }

    @Test func eventWithNumericSenderIsKeptWithTheFieldRecorded() throws {
        let transaction = try decode(#"{"events":[{"type":"m.room.message","sender":42,"room_id":"!r:localhost","content":{"msgtype":"m.text","body":"x"}}]}"#)
        #expect(transaction.events.first?.sender == nil)
        #expect(transaction.events.first?.invalidFields.map(\.field) == ["sender"])
        #expect(transaction.skipped.isEmpty)
    }

    @Test func eventWithInvalidRoomIDIsKeptWithTheFieldRecorded() throws {
        let transaction = try decode(##"{"events":[{"type":"m.room.message","room_id":"#alias:localhost","content":{}}]}"##)
        #expect(transaction.events.first?.roomID == nil)
        #expect(transaction.events.first?.invalidFields.map(\.field) == ["room_id"])
    }

    @Test func fiveThousandEventsDecode() throws {
        let events = (0..<5000).map { #"{"type":"m.room.message","event_id":"$e\#($0)","content":{"msgtype":"m.text","body":"\#($0)"}}"# }
        let transaction = try decode(#"{"events":[\#(events.joined(separator: ","))]}"#)
        #expect(transaction.events.count == 5000)
        #expect(transaction.events.last?.eventID == "$e4999")
    }

    @Test func tenThousandNestedArraysAsTheBodyAreNotJSON() {
        let body = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        let error = #expect(throws: TransactionDecodingError.self) { try decode(body) }
        #expect(error.map(isNotJSON) == true)
    }

    @Test func deeplyNestedEventIsSkippedAndTheOthersKept() throws {
        let deep = String(repeating: "[", count: 10_000) + "\"]\\\"[\"" + String(repeating: "]", count: 10_000)
        let body = #"{"events":[\#(TypesFixture.textMessage),{"type":"m.room.message","content":{"x":\#(deep)}},\#(TypesFixture.invite)]}"#
        let transaction = try decode(body)
        #expect(transaction.events.map(\.type) == ["m.room.message", "m.room.member"])
        #expect(transaction.skipped.count == 1)
        #expect(transaction.skipped.first?.section == "events")
        #expect(transaction.skipped.first?.index == 1)
    }

    @Test func deeplyNestedEphemeralIsSkipped() throws {
        let deep = String(repeating: "{\"a\":", count: 5000) + "1" + String(repeating: "}", count: 5000)
        let transaction = try decode(#"{"de.sorunome.msc2409.ephemeral":[\#(deep),{"type":"m.typing","room_id":"!r","content":{"user_ids":[]}}]}"#)
        #expect(transaction.ephemeral.count == 1)
        #expect(transaction.skipped == [SkippedItem(section: "de.sorunome.msc2409.ephemeral", index: 0, reason: "nested deeper than 512 levels")])
    }

    @Test func hugeStringsDecode() throws {
        let body = String(repeating: "x", count: 4_000_000)
        let transaction = try decode(#"{"events":[{"type":"m.room.message","content":{"msgtype":"m.text","body":"\#(body)"}}]}"#)
        guard case .message(let content) = transaction.events.first?.typedContent else {
            Issue.record("expected a message")
            return
        }
        #expect(content.body.utf8.count == 4_000_000)
    }

    @Test func invalidUTF8IsNotJSON() {
        var bytes = Array(#"{"events":[{"type":"m.room.message","content":{"body":"ab"}}]}"#.utf8)
        bytes.insert(0xC0, at: bytes.count - 6)
        let error = #expect(throws: TransactionDecodingError.self) { try AppserviceTransaction.decode(bytes) }
        #expect(error.map(isNotJSON) == true)
    }

    @Test func nulInStringsIsKept() throws {
        let transaction = try decode(#"{"events":[{"type":"m.room.message","sender":"@a:localhost","content":{"msgtype":"m.text","body":"a\u0000b"}}]}"#)
        guard case .message(let content) = transaction.events.first?.typedContent else {
            Issue.record("expected a message")
            return
        }
        #expect(content.body == "a\u{0}b")
        #expect(try ClientEvent(jsonBytes: transaction.events[0].rawJSON()) == transaction.events[0])
    }

    @Test func malformedKeyMapEntriesAreSkippedNotFatal() throws {
        let transaction = try decode("""
            {"org.matrix.msc3202.device_one_time_keys_count":{"not-a-user":{"D":{}},"@a:localhost":"x",
                                                             "@b:localhost":{"D1":{"signed_curve25519":"many"},"D2":{"signed_curve25519":2}}},
             "org.matrix.msc3202.device_lists":{"changed":["@ok:localhost",5,"bad"],"left":"nobody"}}
            """)
        #expect(transaction.oneTimeKeyCounts == ["@b:localhost": ["D2": ["signed_curve25519": 2]]])
        #expect(transaction.deviceLists == DeviceListChanges(changed: ["@ok:localhost"]))
        #expect(transaction.skipped.count == 6)
    }

    @Test func skippedItemsDescribeWhereTheyWere() {
        #expect(SkippedItem(section: "events", index: 3, reason: "r").description == "events[3]: r")
        #expect(SkippedItem(section: "s", key: "@u:x", reason: "r").description == #"s["@u:x"]: r"#)
    }
}
