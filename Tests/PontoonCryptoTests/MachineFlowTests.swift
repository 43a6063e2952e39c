import Testing
import PontoonMatrix
@testable import PontoonCrypto

@Suite("OlmMachine: the whole flow between the bridge and a user")
struct MachineFlowTests {
    @Test("the first key upload has signed device keys, 50 signed one-time keys and a fallback key")
    func initialUpload() async throws {
        let pair = try await Pair.make()
        let upload = pair.userUpload
        #expect(upload["device_keys"]?["algorithms"] == ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"])
        let otks = try #require(upload["one_time_keys"]?.objectValue)
        #expect(otks.count == 50)
        for (id, _) in otks { _ = try pair.userDevice.verifiedOneTimeKey(.object([id: otks[id]!])) }
        let fallback = try #require(upload["fallback_keys"]?.objectValue?.first)
        #expect(fallback.key.hasPrefix("signed_curve25519:"))
        #expect(fallback.value["fallback"] == true)
        try SignedJSON.verify(fallback.value, signer: "@alice:localhost", keyID: "ed25519:ALICEDEV", publicKey: pair.userDevice.ed25519)
    }

    @Test("the bridge shares its room key with the user over Olm, and the user reads the bridge's messages")
    func bridgeToUser() async throws {
        let pair = try await Pair.make()
        let received = try await shareBridgeRoomKey(pair)
        #expect(received.type == "m.room_key")
        #expect(received.sender == Pair.bot)
        #expect(received.senderVerified)
        #expect(received.senderEd25519 == pair.bridge.identityKeys.ed25519)
        #expect(received.roomKey?.roomID == Pair.room)

        let first = try await bridgeSays(pair, "hello from the bridge", eventID: "$1")
        #expect(first.type == "m.room.message")
        #expect(first.content["body"] == "hello from the bridge")
        #expect(first.messageIndex == 0)
        #expect(first.senderKey == pair.bridge.identityKeys.curve25519)
        let second = try await bridgeSays(pair, "again", eventID: "$2")
        #expect(second.messageIndex == 1)
        #expect(second.sessionID == received.roomKey?.sessionID)
    }

    @Test("the user's pre-key m.room_key reaches the bridge, which then decrypts the user's room event")
    func userToBridge() async throws {
        let pair = try await Pair.make()
        let shares = try await pair.user.roomKeyShares(roomID: Pair.room, devices: [pair.bridgeDevice],
                                                       claimedOneTimeKeys: [pair.bridgeDevice.key: claimOneTimeKey(from: pair.bridgeUpload)])
        let content = try #require(shares.messages[Pair.bot]?["BOTDEV"])
        #expect(content["ciphertext"]?[pair.bridge.identityKeys.curve25519]?["type"] == 0)
        let received = try await pair.bridge.decryptToDevice(toDevice(content, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
        #expect(received.roomKey?.sessionID == shares.sessionID)

        let encrypted = try await pair.user.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["msgtype": "m.text", "body": "hello bridge"])
        #expect(encrypted["algorithm"] == "m.megolm.v1.aes-sha2")
        #expect(encrypted["device_id"] == "ALICEDEV")
        #expect(encrypted["session_id"]?.stringValue == shares.sessionID)
        let event = try await pair.bridge.decryptRoomEvent(EncryptedContent(json: encrypted), roomID: Pair.room, eventID: "$hello")
        #expect(event.content["body"] == "hello bridge")
        #expect(event.senderEd25519 == pair.user.identityKeys.ed25519)
    }

    @Test("after a pre-key message the bridge answers on the same Olm session with normal messages")
    func olmReplyReusesSession() async throws {
        let pair = try await Pair.make()
        let shares = try await pair.user.roomKeyShares(roomID: Pair.room, devices: [pair.bridgeDevice],
                                                       claimedOneTimeKeys: [pair.bridgeDevice.key: claimOneTimeKey(from: pair.bridgeUpload)])
        _ = try await pair.bridge.decryptToDevice(toDevice(shares.messages[Pair.bot]!["BOTDEV"]!, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
        // No one-time key needed now: the session exists.
        #expect(try await pair.bridge.devicesNeedingOneTimeKeys(roomID: Pair.room, devices: [pair.userDevice]).isEmpty)
        let reply = try await pair.bridge.encryptToDevice(type: "m.dummy", content: [:], to: pair.userDevice)
        #expect(reply["ciphertext"]?[pair.userDevice.curve25519]?["type"] == 1)
        let decrypted = try await pair.user.decryptToDevice(toDevice(reply, from: Pair.bot, to: Pair.alice, device: "ALICEDEV"))
        #expect(decrypted.type == "m.dummy")
        #expect(await pair.userStore.olmSessionCount == 1)
    }

    @Test("a used one-time key is burnt: a second session from the same key is refused")
    func oneTimeKeyIsRemoved() async throws {
        let pair = try await Pair.make()
        let claimed = claimOneTimeKey(from: pair.bridgeUpload)
        let shares = try await pair.user.roomKeyShares(roomID: Pair.room, devices: [pair.bridgeDevice], claimedOneTimeKeys: [pair.bridgeDevice.key: claimed])
        _ = try await pair.bridge.decryptToDevice(toDevice(shares.messages[Pair.bot]!["BOTDEV"]!, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))

        let mallory = try await OlmMachine(userID: "@mallory:localhost", deviceID: "MAL", pickleKey: Pair.pickleKey, store: InMemoryCryptoStore())
        let replay = try await mallory.encryptToDevice(type: "m.dummy", content: [:], to: pair.bridgeDevice, claimedOneTimeKey: claimed)
        let error = await cryptoError {
            try await pair.bridge.decryptToDevice(toDevice(replay, from: "@mallory:localhost", to: Pair.bot, device: "BOTDEV"))
        }
        #expect(error?.olmCode == .badMessageKeyID)
    }

    @Test("a reopened machine keeps its identity keys and still decrypts with its stored sessions")
    func reopenFromStore() async throws {
        let pair = try await Pair.make()
        let shares = try await pair.user.roomKeyShares(roomID: Pair.room, devices: [pair.bridgeDevice],
                                                       claimedOneTimeKeys: [pair.bridgeDevice.key: claimOneTimeKey(from: pair.bridgeUpload)])
        _ = try await pair.bridge.decryptToDevice(toDevice(shares.messages[Pair.bot]!["BOTDEV"]!, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))

        let reopened = try await OlmMachine(userID: Pair.bot, deviceID: "BOTDEV", pickleKey: Pair.pickleKey, store: pair.bridgeStore)
        #expect(reopened.identityKeys == pair.bridge.identityKeys)
        let encrypted = try await pair.user.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "after restart"])
        let event = try await reopened.decryptRoomEvent(EncryptedContent(json: encrypted), roomID: Pair.room, eventID: "$r")
        #expect(event.content["body"] == "after restart")
        // The Olm session survived too: the user's next to-device is a normal message.
        let dummy = try await pair.user.encryptToDevice(type: "m.dummy", content: [:], to: pair.bridgeDevice)
        _ = try await reopened.decryptToDevice(toDevice(dummy, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
    }

    @Test("reopening with the wrong pickle key fails with BAD_ACCOUNT_KEY")
    func wrongPickleKey() async throws {
        let store = InMemoryCryptoStore()
        _ = try await OlmMachine(userID: Pair.bot, deviceID: "BOTDEV", pickleKey: Pair.pickleKey, store: store)
        let error = await cryptoError {
            try await OlmMachine(userID: Pair.bot, deviceID: "BOTDEV", pickleKey: Array("wrong".utf8), store: store)
        }
        #expect(error?.olmCode == .badAccountKey)
    }

    @Test("key counts: enough keys ask for nothing; a low count tops up to 50; a used fallback key is replaced")
    func keyCounts() async throws {
        let pair = try await Pair.make()
        #expect(try await pair.bridge.handleKeyCounts(oneTimeKeyCount: 50, unusedFallbackKeyTypes: ["signed_curve25519"]) == nil)
        #expect(try await pair.bridge.handleKeyCounts(oneTimeKeyCount: nil, unusedFallbackKeyTypes: nil) == nil)
        let topUp = try #require(try await pair.bridge.handleKeyCounts(oneTimeKeyCount: 10, unusedFallbackKeyTypes: ["signed_curve25519"]))
        #expect(topUp["one_time_keys"]?.objectValue?.count == 40)
        #expect(topUp["fallback_keys"] == nil)
        try await pair.bridge.markKeysPublished()
        let fallback = try #require(try await pair.bridge.handleKeyCounts(oneTimeKeyCount: 50, unusedFallbackKeyTypes: []))
        #expect(fallback["one_time_keys"] == nil)
        let (_, key) = try #require(fallback["fallback_keys"]?.objectValue?.first)
        #expect(key["key"]?.stringValue != pair.bridgeUpload["fallback_keys"]?.objectValue?.first?.value["key"]?.stringValue)
    }

    @Test("a device that already has the current session is not sent it again")
    func sharesOnce() async throws {
        let pair = try await Pair.make()
        try await shareBridgeRoomKey(pair)
        let again = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice])
        #expect(again.isEmpty)
        #expect(again.skipped.isEmpty)
    }
}
