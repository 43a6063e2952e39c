import Testing
import PontoonMatrix
@testable import PontoonCrypto

@Suite("OlmMachine: outbound Megolm rotation and sharing")
struct RotationTests {
    @Test("without a shared session there is nothing to encrypt with")
    func needsShareFirst() async throws {
        let pair = try await Pair.make()
        let error = await cryptoError { try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: [:]) }
        guard case .noOutboundSession = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test("after rotation_period_msgs messages the session is spent, and the next share starts a new one")
    func rotatesAfterMessages() async throws {
        let pair = try await Pair.make()
        let policy = RotationPolicy(periodMs: 604_800_000, messages: 3)
        let first = try await shareBridgeRoomKey(pair, rotation: policy)
        for n in 0..<3 { _ = try await bridgeSays(pair, "m\(n)", eventID: EventID(rawValue: "$m\(n)")!) }
        let spent = await cryptoError { try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: [:]) }
        guard case .noOutboundSession = spent else { Issue.record("got \(String(describing: spent))"); return }

        let shares = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice], rotation: policy)
        #expect(shares.sessionID != first.roomKey?.sessionID)
        // The existing Olm session carries the new key: no one-time key needed.
        let second = try await pair.user.decryptToDevice(toDevice(shares.messages[Pair.alice]!["ALICEDEV"]!, from: Pair.bot, to: Pair.alice, device: "ALICEDEV"))
        #expect(second.roomKey?.sessionID == shares.sessionID)
        let event = try await bridgeSays(pair, "fresh", eventID: "$fresh")
        #expect(event.sessionID == shares.sessionID)
        #expect(event.messageIndex == 0)
    }

    @Test("after rotation_period_ms the session is replaced")
    func rotatesAfterPeriod() async throws {
        let pair = try await Pair.make()
        let policy = RotationPolicy(periodMs: 60_000, messages: 100)
        let first = try await shareBridgeRoomKey(pair, rotation: policy)
        _ = try await bridgeSays(pair, "before", eventID: "$before")
        pair.clock.advance(ms: 59_000)
        _ = try await bridgeSays(pair, "still", eventID: "$still")
        pair.clock.advance(ms: 1_000)
        let expired = await cryptoError { try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: [:]) }
        guard case .noOutboundSession = expired else { Issue.record("got \(String(describing: expired))"); return }
        let shares = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice], rotation: policy)
        #expect(shares.sessionID != first.roomKey?.sessionID)
    }

    @Test("the room's m.room.encryption settings become the policy, with the spec defaults")
    func policyFromEncryptionEvent() {
        #expect(RotationPolicy(EncryptionContent()) == RotationPolicy(periodMs: 604_800_000, messages: 100))
        #expect(RotationPolicy(EncryptionContent(rotationPeriodMs: 3_600_000, rotationPeriodMsgs: 10)) == RotationPolicy(periodMs: 3_600_000, messages: 10))
    }

    @Test("rotateRoomSession (a member left) makes the next share use a new session")
    func explicitRotation() async throws {
        let pair = try await Pair.make()
        let first = try await shareBridgeRoomKey(pair)
        try await pair.bridge.rotateRoomSession(roomID: Pair.room)
        let error = await cryptoError { try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: [:]) }
        guard case .noOutboundSession = error else { Issue.record("got \(String(describing: error))"); return }
        let shares = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice])
        #expect(shares.sessionID != first.roomKey?.sessionID)
        #expect(!shares.isEmpty)
    }

    @Test("a device that joins later gets the session from the current index, not the earlier messages")
    func newDeviceFromCurrentIndex() async throws {
        let pair = try await Pair.make()
        try await shareBridgeRoomKey(pair)
        let early = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "early"])
        _ = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "early 2"])

        let bobStore = InMemoryCryptoStore()
        let bob = try await OlmMachine(userID: "@bob:localhost", deviceID: "BOBDEV", pickleKey: Pair.pickleKey, store: bobStore)
        let bobUpload = try await bob.initialKeyUpload()
        let bobDevice = try DeviceIdentity.verified(deviceKeys: bobUpload["device_keys"]!, userID: "@bob:localhost", deviceID: "BOBDEV")
        #expect(try await pair.bridge.devicesNeedingOneTimeKeys(roomID: Pair.room, devices: [pair.userDevice, bobDevice]) == [bobDevice])
        let shares = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice, bobDevice],
                                                         claimedOneTimeKeys: [bobDevice.key: claimOneTimeKey(from: bobUpload)])
        #expect(shares.messages.keys.sorted() == ["@bob:localhost"])
        let received = try await bob.decryptToDevice(toDevice(shares.messages["@bob:localhost"]!["BOBDEV"]!, from: Pair.bot, to: "@bob:localhost", device: "BOBDEV"))
        let stored = try #require(try await bobStore.loadInboundGroupSession(roomID: Pair.room, senderKey: received.senderKey, sessionID: received.roomKey!.sessionID))
        #expect(try MegolmInboundSession.unpickle(stored.pickle, key: Pair.pickleKey).firstKnownIndex == 2)

        let error = await cryptoError { try await bob.decryptRoomEvent(EncryptedContent(json: early), roomID: Pair.room, eventID: "$early") }
        #expect(error?.olmCode == .unknownMessageIndex)
        let late = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "late"])
        #expect(try await bob.decryptRoomEvent(EncryptedContent(json: late), roomID: Pair.room, eventID: "$late").content["body"] == "late")
    }

    @Test("m.relates_to stays outside the ciphertext so the server can aggregate")
    func relationInTheClear() async throws {
        let pair = try await Pair.make()
        try await shareBridgeRoomKey(pair)
        let relation: JSONValue = ["rel_type": "m.replace", "event_id": "$orig"]
        let encrypted = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "* edit", "m.relates_to": relation])
        #expect(encrypted["m.relates_to"] == relation)
    }

    @Test("the bridge can read back its own room messages")
    func readsOwnMessages() async throws {
        let pair = try await Pair.make()
        try await shareBridgeRoomKey(pair)
        let encrypted = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "mine"])
        #expect(try await pair.bridge.decryptRoomEvent(EncryptedContent(json: encrypted), roomID: Pair.room, eventID: "$own").content["body"] == "mine")
    }
}
