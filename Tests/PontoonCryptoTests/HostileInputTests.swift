import Testing
import PontoonMatrix
@testable import PontoonCrypto

@Suite("OlmMachine: hostile input is refused with a typed error")
struct HostileInputTests {
    /// The user's first (pre-key) to-device to the bridge, not yet delivered.
    func userPreKey(_ pair: Pair) async throws -> JSONValue {
        let shares = try await pair.user.roomKeyShares(roomID: Pair.room, devices: [pair.bridgeDevice],
                                                       claimedOneTimeKeys: [pair.bridgeDevice.key: claimOneTimeKey(from: pair.bridgeUpload)])
        return try #require(shares.messages[Pair.bot]?["BOTDEV"])
    }

    func replacingBody(in content: JSONValue, curve: String, with transform: (String) -> String) -> JSONValue {
        var object = content.objectValue!
        var entry = content["ciphertext"]![curve]!.objectValue!
        entry["body"] = .string(transform(entry["body"]!.stringValue!))
        object["ciphertext"] = .object([curve: .object(entry)])
        return .object(object)
    }

    func deliver(_ content: JSONValue, _ pair: Pair) async -> CryptoError? {
        await cryptoError { try await pair.bridge.decryptToDevice(toDevice(content, from: Pair.alice, to: Pair.bot, device: "BOTDEV")) }
    }

    @Test("a tampered pre-key Olm message is refused and burns no one-time key")
    func tamperedPreKey() async throws {
        let pair = try await Pair.make()
        let content = try await userPreKey(pair)
        let tampered = replacingBody(in: content, curve: pair.bridge.identityKeys.curve25519) { String($0.dropLast(4)) + "AAAA" }
        #expect(await deliver(tampered, pair)?.olmCode != nil)
        // The genuine message still works: its one-time key was not removed.
        _ = try await pair.bridge.decryptToDevice(toDevice(content, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
    }

    @Test("a tampered normal Olm message fails with BAD_MESSAGE_MAC and no session matches")
    func tamperedNormal() async throws {
        let pair = try await Pair.make()
        try await shareBridgeRoomKey(pair)
        let reply = try await pair.user.encryptToDevice(type: "m.dummy", content: [:], to: pair.bridgeDevice)
        _ = try await pair.bridge.decryptToDevice(toDevice(reply, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
        let next = try await pair.user.encryptToDevice(type: "m.dummy", content: [:], to: pair.bridgeDevice)
        #expect(next["ciphertext"]?[pair.bridge.identityKeys.curve25519]?["type"] == 1)
        let tampered = replacingBody(in: next, curve: pair.bridge.identityKeys.curve25519, with: flipOneCharacter)
        let error = await deliver(tampered, pair)
        guard case .noMatchingOlmSession = error else { Issue.record("got \(String(describing: error))"); return }
        _ = try await pair.bridge.decryptToDevice(toDevice(next, from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
    }

    @Test("garbage, empty and huge Olm bodies, wrong types and missing fields are refused")
    func garbageOlm() async throws {
        let pair = try await Pair.make()
        let curve = pair.bridge.identityKeys.curve25519
        func content(type: JSONValue, body: JSONValue, senderKey: JSONValue = .string("")) -> JSONValue {
            ["algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": senderKey == "" ? .string(pair.user.identityKeys.curve25519) : senderKey,
             "ciphertext": .object([curve: ["type": type, "body": body]])]
        }
        #expect(await deliver(content(type: 0, body: "!!!!not base64"), pair) != nil)
        #expect(await deliver(content(type: 0, body: ""), pair) != nil)
        #expect(await deliver(content(type: 1, body: "AAAA"), pair) != nil)
        let huge = await deliver(content(type: 0, body: .string(String(repeating: "A", count: 200_000))), pair)
        guard case .tooLarge = huge else { Issue.record("got \(String(describing: huge))"); return }
        #expect(await deliver(content(type: 7, body: "AAAA"), pair) != nil)
        #expect(await deliver(content(type: "0", body: "AAAA"), pair) != nil)
        #expect(await deliver(content(type: 0, body: 5), pair) != nil)
        let badKey = await deliver(content(type: 0, body: "AAAA", senderKey: "short"), pair)
        guard case .invalidBase64 = badKey else { Issue.record("got \(String(describing: badKey))"); return }
        let notOurs = await deliver(["algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": .string(pair.user.identityKeys.curve25519),
                                     "ciphertext": ["someoneElsesKey": ["type": 0, "body": "AAAA"]]], pair)
        guard case .notForThisDevice = notOurs else { Issue.record("got \(String(describing: notOurs))"); return }
        let megolm = await deliver(["algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "AAAA"], pair)
        guard case .unsupportedAlgorithm = megolm else { Issue.record("got \(String(describing: megolm))"); return }
        #expect(await deliver([:], pair) != nil)
    }

    @Test("a payload whose recipient is someone else is refused")
    func wrongRecipient() async throws {
        let pair = try await Pair.make()
        _ = try await pair.bridge.decryptToDevice(toDevice(try await userPreKey(pair), from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
        // Same Olm session (so it decrypts), but the payload is addressed to another user.
        let elsewhere = DeviceIdentity(userID: "@other:localhost", deviceID: "BOTDEV", curve25519: pair.bridgeDevice.curve25519, ed25519: pair.bridgeDevice.ed25519)
        let content = try await pair.user.encryptToDevice(type: "m.dummy", content: [:], to: elsewhere)
        let error = await deliver(content, pair)
        guard case .payloadMismatch = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test("a payload whose recipient_keys.ed25519 is not ours is refused")
    func wrongRecipientKey() async throws {
        let pair = try await Pair.make()
        _ = try await pair.bridge.decryptToDevice(toDevice(try await userPreKey(pair), from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
        let wrongKey = DeviceIdentity(userID: Pair.bot, deviceID: "BOTDEV", curve25519: pair.bridgeDevice.curve25519, ed25519: pair.user.identityKeys.ed25519)
        let content = try await pair.user.encryptToDevice(type: "m.dummy", content: [:], to: wrongKey)
        let error = await deliver(content, pair)
        guard case .payloadMismatch = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test("a to-device from a known device whose keys.ed25519 differs, or from another sender, is refused")
    func wrongSenderKeys() async throws {
        let pair = try await Pair.make()
        let content = try await userPreKey(pair)
        // The bridge believes Alice's curve key belongs to a device with another ed25519 key.
        try await pair.bridge.rememberDevices([DeviceIdentity(userID: Pair.alice, deviceID: "ALICEDEV", curve25519: pair.userDevice.curve25519,
                                                              ed25519: pair.bridge.identityKeys.ed25519)])
        let error = await deliver(content, pair)
        guard case .payloadMismatch = error else { Issue.record("got \(String(describing: error))"); return }
        // The envelope says Mallory sent it; the payload says Alice. (A fresh pair: a pre-key
        // message decrypts once.)
        let other = try await Pair.make()
        let fresh = try await userPreKey(other)
        let spoofed = await cryptoError { try await other.bridge.decryptToDevice(toDevice(fresh, from: "@mallory:localhost", to: Pair.bot, device: "BOTDEV")) }
        guard case .payloadMismatch = spoofed else { Issue.record("got \(String(describing: spoofed))"); return }
    }

    @Test("a tampered Megolm ciphertext fails with a libolm error")
    func tamperedMegolm() async throws {
        let pair = try await Pair.make()
        try await shareBridgeRoomKey(pair)
        var encrypted = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "x"]).objectValue!
        encrypted["ciphertext"] = .string(flipOneCharacter(encrypted["ciphertext"]!.stringValue!))
        let error = await cryptoError { try await pair.user.decryptRoomEvent(EncryptedContent(json: .object(encrypted)), roomID: Pair.room, eventID: "$t") }
        #expect(error?.olmCode == .badMessageMAC || error?.olmCode == .badSignature)
    }

    @Test("garbage, empty and huge Megolm ciphertexts and unknown sessions are refused")
    func garbageMegolm() async throws {
        let pair = try await Pair.make()
        let received = try await shareBridgeRoomKey(pair)
        let sessionID = try #require(received.roomKey?.sessionID)
        func attempt(_ ciphertext: String, session: String? = nil, senderKey: String? = nil) async -> CryptoError? {
            let content = EncryptedContent(algorithm: "m.megolm.v1.aes-sha2", ciphertext: .string(ciphertext),
                                           senderKey: senderKey ?? pair.bridge.identityKeys.curve25519, deviceID: "BOTDEV", sessionID: session ?? sessionID)
            return await cryptoError { try await pair.user.decryptRoomEvent(content, roomID: Pair.room, eventID: "$g") }
        }
        #expect(await attempt("!!!!")?.olmCode != nil)
        #expect(await attempt("")?.olmCode != nil)
        let huge = await attempt(String(repeating: "A", count: 100_000))
        guard case .tooLarge = huge else { Issue.record("got \(String(describing: huge))"); return }
        let unknown = await attempt("AAAA", session: "unknownSessionID")
        guard case .unknownMegolmSession = unknown else { Issue.record("got \(String(describing: unknown))"); return }
        let otherSender = await attempt("AAAA", senderKey: pair.user.identityKeys.curve25519)
        guard case .unknownMegolmSession = otherSender else { Issue.record("got \(String(describing: otherSender))"); return }
        let noSenderKey = await cryptoError {
            try await pair.user.decryptRoomEvent(EncryptedContent(algorithm: "m.megolm.v1.aes-sha2", ciphertext: "AAAA", sessionID: sessionID),
                                                 roomID: Pair.room, eventID: "$g")
        }
        guard case .malformed = noSenderKey else { Issue.record("got \(String(describing: noSenderKey))"); return }
    }

    @Test("a replayed Megolm index under another event ID is refused; the same event again is fine")
    func replay() async throws {
        let pair = try await Pair.make()
        try await shareBridgeRoomKey(pair)
        let encrypted = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "once"])
        let content = try EncryptedContent(json: encrypted)
        _ = try await pair.user.decryptRoomEvent(content, roomID: Pair.room, eventID: "$original")
        let again = try await pair.user.decryptRoomEvent(content, roomID: Pair.room, eventID: "$original")
        #expect(again.content["body"] == "once")
        let error = await cryptoError { try await pair.user.decryptRoomEvent(content, roomID: Pair.room, eventID: "$replayed") }
        guard case .replayedMessageIndex(_, let index, let first) = error else { Issue.record("got \(String(describing: error))"); return }
        #expect(index == 0)
        #expect(first == "$original")
    }

    @Test("a Megolm event moved to another room is refused")
    func movedToAnotherRoom() async throws {
        let pair = try await Pair.make()
        let received = try await shareBridgeRoomKey(pair)
        let encrypted = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message", content: ["body": "x"])
        // Even with the session filed under the other room too, room_id inside must match.
        let other: RoomID = "!other:localhost"
        let session = try await pair.userStore.loadInboundGroupSession(roomID: Pair.room, senderKey: received.senderKey, sessionID: received.roomKey!.sessionID)!
        var moved = session
        moved.roomID = other
        await pair.userStore.saveInboundGroupSession(moved)
        let error = await cryptoError { try await pair.user.decryptRoomEvent(EncryptedContent(json: encrypted), roomID: other, eventID: "$m") }
        guard case .payloadMismatch = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test("an m.room_key whose session_id is not its key's is refused")
    func roomKeyWithWrongSessionID() async throws {
        let pair = try await Pair.make()
        _ = try await pair.bridge.decryptToDevice(toDevice(try await userPreKey(pair), from: Pair.alice, to: Pair.bot, device: "BOTDEV"))
        let outbound = try MegolmOutboundSession.create()
        let forged = try await pair.user.encryptToDevice(type: "m.room_key", content: [
            "algorithm": "m.megolm.v1.aes-sha2", "room_id": .string(Pair.room.rawValue),
            "session_id": "notTheSessionID", "session_key": .string(try outbound.sessionKey()),
        ], to: pair.bridgeDevice)
        let error = await deliver(forged, pair)
        guard case .payloadMismatch = error else { Issue.record("got \(String(describing: error))"); return }
    }

    @Test("a device whose claimed one-time key has a forged signature is skipped, not sent the key")
    func forgedClaimedKey() async throws {
        let pair = try await Pair.make()
        let (id, object) = claimOneTimeKey(from: pair.userUpload).objectValue!.first!
        var forged = object.objectValue!
        forged["key"] = .string(pair.bridge.identityKeys.curve25519)
        let shares = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice],
                                                         claimedOneTimeKeys: [pair.userDevice.key: .object([id: .object(forged)])])
        #expect(shares.isEmpty)
        guard case .badSignature = shares.skipped[pair.userDevice.key] else { Issue.record("got \(String(describing: shares.skipped))"); return }
        let none = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice])
        guard case .noOneTimeKey = none.skipped[pair.userDevice.key] else { Issue.record("got \(String(describing: none.skipped))"); return }
    }
}
