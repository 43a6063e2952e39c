import Foundation
import PontoonMatrix
import Testing

@Suite struct TransactionDecodingTests {
    private func decode(_ text: String) throws(TransactionDecodingError) -> AppserviceTransaction {
        try AppserviceTransaction.decode(Array(text.utf8))
    }

    @Test func referenceE2EETransactionDecodesCompletely() throws {
        let transaction = try decode(TypesFixture.e2eeTransaction)
        #expect(transaction.events.isEmpty)
        #expect(transaction.ephemeral.isEmpty)
        #expect(transaction.toDevice.count == 1)
        #expect(transaction.toDevice.first?.toDeviceID == "GHOSTDEV")
        #expect(transaction.toDevice.first?.encryptedContent?.algorithm == "m.olm.v1.curve25519-aes-sha2")
        #expect(transaction.oneTimeKeyCounts == [
            "@dummy_ghost:localhost": ["GHOSTDEV": ["signed_curve25519": 4]],
            "@dummybot:localhost": ["BOTDEV": [:]],
        ])
        #expect(transaction.unusedFallbackKeyTypes == [
            "@dummy_ghost:localhost": ["GHOSTDEV": ["signed_curve25519"]],
            "@dummybot:localhost": ["BOTDEV": []],
        ])
        #expect(transaction.deviceLists == DeviceListChanges(changed: ["@dummy_ghost:localhost"], left: []))
        #expect(transaction.skipped.isEmpty)
        #expect(!transaction.isEmpty)
    }

    @Test func synapseRoomEventsDecodeInOrder() throws {
        let body = #"{"events":[\#(TypesFixture.textMessage),\#(TypesFixture.invite),\#(TypesFixture.redaction)],"ephemeral":[]}"#
        let transaction = try decode(body)
        #expect(transaction.events.map(\.type) == ["m.room.message", "m.room.member", "m.room.redaction"])
        #expect(transaction.skipped.isEmpty)
    }

    @Test func missingEventsReadsAsEmpty() throws {
        let transaction = try decode("{}")
        #expect(transaction.events.isEmpty)
        #expect(transaction.isEmpty)
        #expect(transaction.deviceLists == nil)
    }

    @Test func identicalStableAndUnstableEphemeralAreDeduplicated() throws {
        let typing = #"{"type":"m.typing","room_id":"!r","content":{"user_ids":["@carol:localhost"]}}"#
        let transaction = try decode(#"{"events":[],"ephemeral":[\#(typing)],"de.sorunome.msc2409.ephemeral":[\#(typing)]}"#)
        #expect(transaction.ephemeral.count == 1)
    }

    @Test func differingStableAndUnstableEphemeralAreMerged() throws {
        let typing = #"{"type":"m.typing","room_id":"!r","content":{"user_ids":["@carol:localhost"]}}"#
        let presence = #"{"type":"m.presence","sender":"@g:localhost","content":{"presence":"online"}}"#
        let transaction = try decode(#"{"ephemeral":[\#(typing)],"de.sorunome.msc2409.ephemeral":[\#(presence),\#(typing)]}"#)
        #expect(transaction.ephemeral.map(\.type) == ["m.typing", "m.presence"])
    }

    @Test func onlyUnstableEphemeralIsRead() throws {
        let transaction = try decode(#"{"de.sorunome.msc2409.ephemeral":[{"type":"m.typing","room_id":"!r","content":{"user_ids":[]}}]}"#)
        #expect(transaction.ephemeral.count == 1)
    }

    @Test func stableAndUnstableToDeviceAreMergedWithoutDuplicates() throws {
        let first = #"{"type":"m.room_key_request","sender":"@a:localhost","to_user_id":"@g:localhost","to_device_id":"D","content":{"n":1}}"#
        let second = #"{"type":"m.room_key_request","sender":"@a:localhost","to_user_id":"@g:localhost","to_device_id":"D","content":{"n":2}}"#
        let transaction = try decode(#"{"to_device":[\#(first)],"de.sorunome.msc2409.to_device":[\#(first),\#(second)]}"#)
        #expect(transaction.toDevice.map { $0.content["n"] } == [1, 2])
    }

    @Test func stableAndUnstableDeviceListsAreMerged() throws {
        let transaction = try decode("""
            {"device_lists":{"changed":["@a:localhost"],"left":["@gone:localhost"]},
             "org.matrix.msc3202.device_lists":{"changed":["@a:localhost","@b:localhost"],"left":[]}}
            """)
        #expect(transaction.deviceLists == DeviceListChanges(changed: ["@a:localhost", "@b:localhost"], left: ["@gone:localhost"]))
    }

    @Test func everyOneTimeKeyCountSpellingIsRead() throws {
        for name in ["device_one_time_keys_count", "org.matrix.msc3202.device_one_time_keys_count", "org.matrix.msc3202.device_one_time_key_counts"] {
            let transaction = try decode(#"{"\#(name)":{"@g:localhost":{"DEV":{"signed_curve25519":7}}}}"#)
            #expect(transaction.oneTimeKeyCounts == ["@g:localhost": ["DEV": ["signed_curve25519": 7]]], "\(name)")
        }
    }

    @Test func stableOneTimeKeyCountsWinOverUnstableOnes() throws {
        let transaction = try decode("""
            {"device_one_time_keys_count":{"@g:localhost":{"DEV":{"signed_curve25519":1}}},
             "org.matrix.msc3202.device_one_time_keys_count":{"@g:localhost":{"DEV":{"signed_curve25519":2}},"@h:localhost":{"H":{"signed_curve25519":3}}}}
            """)
        #expect(transaction.oneTimeKeyCounts == [
            "@g:localhost": ["DEV": ["signed_curve25519": 1]], "@h:localhost": ["H": ["signed_curve25519": 3]],
        ])
    }

    @Test func bothFallbackKeySpellingsAreRead() throws {
        let stable = try decode(#"{"device_unused_fallback_key_types":{"@g:localhost":{"DEV":["signed_curve25519"]}}}"#)
        #expect(stable.unusedFallbackKeyTypes == ["@g:localhost": ["DEV": ["signed_curve25519"]]])
        let unstable = try decode(#"{"org.matrix.msc3202.device_unused_fallback_key_types":{"@g:localhost":{"DEV":[]}}}"#)
        #expect(unstable.unusedFallbackKeyTypes == ["@g:localhost": ["DEV": []]])
    }

    @Test func decodesFromDataAndFromParsedJSON() throws {
        let fromData = try AppserviceTransaction.decode(Data(TypesFixture.e2eeTransaction.utf8))
        let fromJSON = try AppserviceTransaction.decode(json: try TypesFixture.json(TypesFixture.e2eeTransaction))
        #expect(fromData == fromJSON)
    }

    @Test func storedItemsDecodeAgainIdentically() throws {
        let body = #"{"events":[\#(TypesFixture.textMessage),\#(TypesFixture.invite)],"#
            + #""ephemeral":[{"type":"m.typing","room_id":"!r","content":{"user_ids":[]}}],"#
            + #""de.sorunome.msc2409.to_device":[{"type":"m.dummy","sender":"@a:localhost","to_user_id":"@g:localhost","to_device_id":"D","content":{}}]}"#
        let transaction = try decode(body)
        for event in transaction.events { #expect(try ClientEvent(jsonBytes: event.rawJSON()) == event) }
        for event in transaction.ephemeral { #expect(try EphemeralEvent(jsonBytes: event.rawJSON()) == event) }
        for event in transaction.toDevice { #expect(try ToDeviceEvent(jsonBytes: event.rawJSON()) == event) }
    }
}
