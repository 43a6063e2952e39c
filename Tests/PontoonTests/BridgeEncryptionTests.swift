import AsyncHTTPClient
import Foundation
import Logging
import PontoonCrypto
import PontoonMatrix
import Testing
@testable import Pontoon

/// The bridge's encryption layer against hostile input: what a homeserver or another device may
/// put in a transaction. Each case is refused with a log line, and nothing crashes.
@Suite("BridgeEncryption: hostile input")
struct BridgeEncryptionTests {
    static let bot: UserID = "@bot:example.org"
    static let alice: UserID = "@alice:example.org"
    static let room: RoomID = "!portal:example.org"
    static let pickleKey = Array("a pickle key of thirty-two bytes".utf8)

    /// The bridge's encryption (its homeserver unreachable: these paths never call it) and a
    /// user's device that has sent its room key to the bridge.
    struct Setup {
        let encryption: BridgeEncryption
        let bridge: OlmMachine
        let user: OlmMachine
        let userDevice: DeviceIdentity
        let userUpload: JSONValue
        let bridgeUpload: JSONValue
        let roomKeyEvent: ToDeviceEvent
    }

    static func setup(keyWait: Duration = .milliseconds(200)) async throws -> Setup {
        let bridge = try await OlmMachine(userID: bot, deviceID: BridgeEncryption.deviceID, pickleKey: pickleKey, store: InMemoryCryptoStore())
        let user = try await OlmMachine(userID: alice, deviceID: "ALICEDEV", pickleKey: pickleKey, store: InMemoryCryptoStore())
        let bridgeUpload = try await bridge.initialKeyUpload()
        let userUpload = try await user.initialKeyUpload()
        let bridgeDevice = try DeviceIdentity.verified(deviceKeys: bridgeUpload["device_keys"]!, userID: bot, deviceID: BridgeEncryption.deviceID)
        let userDevice = try DeviceIdentity.verified(deviceKeys: userUpload["device_keys"]!, userID: alice, deviceID: "ALICEDEV")
        try await bridge.rememberDevices([userDevice])
        let keys = bridgeUpload["one_time_keys"]!.objectValue!.sorted { $0.key < $1.key }
        let shares = try await user.roomKeyShares(roomID: room, devices: [bridgeDevice],
                                                  claimedOneTimeKeys: [bridgeDevice.key: .object([keys[0].key: keys[0].value])])
        let homeserver = HomeserverClient(homeserverURL: URL(string: "http://127.0.0.1:9")!, asToken: "t", appserviceID: "test",
                                          botUserID: bot, httpClient: HTTPClient.shared, logger: Logger(label: "test"))
        let encryption = BridgeEncryption(machine: bridge, homeserver: homeserver,
                                          isBridgeUser: { $0 == bot }, keyWait: keyWait, logger: Logger(label: "test"))
        let roomKey = try ToDeviceEvent(json: [
            "type": "m.room.encrypted", "sender": .string(alice.rawValue), "to_user_id": .string(bot.rawValue),
            "to_device_id": .string(BridgeEncryption.deviceID), "content": shares.messages[bot]![BridgeEncryption.deviceID]!,
        ])
        return Setup(encryption: encryption, bridge: bridge, user: user, userDevice: userDevice, userUpload: userUpload,
                     bridgeUpload: bridgeUpload, roomKeyEvent: roomKey)
    }

    /// An `m.room.encrypted` room event from alice with `content`.
    static func roomEvent(_ content: JSONValue, id: String = "$e1", extra: [String: JSONValue] = [:]) throws -> ClientEvent {
        var object: [String: JSONValue] = [
            "type": "m.room.encrypted", "event_id": .string(id), "room_id": .string(room.rawValue),
            "sender": .string(alice.rawValue), "origin_server_ts": 1, "content": content,
        ]
        object.merge(extra) { _, new in new }
        return try ClientEvent(json: .object(object))
    }

    static func aliceSays(_ setup: Setup, _ body: String, relatesTo: JSONValue? = nil) async throws -> JSONValue {
        var content: [String: JSONValue] = ["msgtype": "m.text", "body": .string(body)]
        if let relatesTo { content["m.relates_to"] = relatesTo }
        return try await setup.user.encryptRoomEvent(roomID: room, type: "m.room.message", content: .object(content))
    }

    static func failure(_ body: () async throws(RoomDecryptionFailure) -> ClientEvent) async -> RoomDecryptionFailure? {
        do {
            _ = try await body()
            return nil
        } catch {
            return error
        }
    }

    @Test("a message decrypts into the event it holds, keeping the cleartext relation and the envelope")
    func decrypts() async throws {
        let setup = try await Self.setup()
        await setup.encryption.handle(setup.roomKeyEvent)
        let relation: JSONValue = ["m.in_reply_to": ["event_id": "$earlier"]]
        var encrypted = try await Self.aliceSays(setup, "hello bridge")
        if case .object(var object) = encrypted {
            object["m.relates_to"] = relation
            encrypted = .object(object)
        }
        let event = try await setup.encryption.decrypt(try Self.roomEvent(encrypted, extra: ["state_key": ""]))
        #expect(event.type == "m.room.message")
        #expect(event.content["body"] == "hello bridge")
        #expect(event.content["m.relates_to"] == relation)
        #expect(event.eventID == "$e1")
        #expect(event.sender == Self.alice)
        #expect(event.stateKey == nil)
    }

    @Test("a tampered ciphertext is rejected")
    func tampered() async throws {
        let setup = try await Self.setup()
        await setup.encryption.handle(setup.roomKeyEvent)
        guard case .object(var object) = try await Self.aliceSays(setup, "hello"), let ciphertext = object["ciphertext"]?.stringValue else {
            Issue.record("no ciphertext")
            return
        }
        var characters = Array(ciphertext)
        characters[characters.count / 2] = characters[characters.count / 2] == "A" ? "B" : "A"
        object["ciphertext"] = .string(String(characters))
        let event = try Self.roomEvent(.object(object))
        let failure = await Self.failure { () async throws(RoomDecryptionFailure) in try await setup.encryption.decrypt(event) }
        guard case .rejected = failure else {
            Issue.record("expected a rejection, got \(String(describing: failure))")
            return
        }
    }

    @Test("an unknown session is waited for, then reported as missing keys")
    func unknownSession() async throws {
        let setup = try await Self.setup(keyWait: .milliseconds(100))
        let event = try Self.roomEvent(try await Self.aliceSays(setup, "keys never sent"))
        let started = ContinuousClock.now
        let failure = await Self.failure { () async throws(RoomDecryptionFailure) in try await setup.encryption.decrypt(event) }
        guard case .missingKey = failure else {
            Issue.record("expected missing keys, got \(String(describing: failure))")
            return
        }
        #expect(ContinuousClock.now - started >= .milliseconds(100))
        #expect(failure?.notice.contains("check that your client shares keys with unverified devices") == true)
    }

    @Test("a room key that arrives while the message waits lets it decrypt")
    func lateKey() async throws {
        // A wait far longer than the key takes, so a loaded machine can't make it time out first.
        let setup = try await Self.setup(keyWait: .seconds(300))
        let event = try Self.roomEvent(try await Self.aliceSays(setup, "key comes later"))
        let encryption = setup.encryption
        let roomKey = setup.roomKeyEvent
        Task {
            try await Task.sleep(for: .milliseconds(50))
            await encryption.handle(roomKey)
        }
        let decrypted = try await encryption.decrypt(event)
        #expect(decrypted.content["body"] == "key comes later")
    }

    @Test("a replayed Megolm index under another event ID is rejected; the same event again decrypts")
    func replay() async throws {
        let setup = try await Self.setup()
        await setup.encryption.handle(setup.roomKeyEvent)
        let encrypted = try await Self.aliceSays(setup, "once")
        _ = try await setup.encryption.decrypt(try Self.roomEvent(encrypted, id: "$first"))
        _ = try await setup.encryption.decrypt(try Self.roomEvent(encrypted, id: "$first"))
        let replayed = try Self.roomEvent(encrypted, id: "$second")
        let failure = await Self.failure { () async throws(RoomDecryptionFailure) in try await setup.encryption.decrypt(replayed) }
        guard case .rejected(.replayedMessageIndex) = failure else {
            Issue.record("expected a replay rejection, got \(String(describing: failure))")
            return
        }
    }

    /// Broken `m.room.encrypted` contents, by name (the oversized one would flood the test log).
    static let garbageContents: [String: JSONValue] = [
        "empty": [:],
        "no ciphertext": ["algorithm": "m.megolm.v1.aes-sha2"],
        "Olm in a room": ["algorithm": "m.olm.v1.curve25519-aes-sha2", "ciphertext": [:], "sender_key": "x"],
        "number ciphertext": ["algorithm": "m.megolm.v1.aes-sha2", "ciphertext": 5, "session_id": "s", "sender_key": "k"],
        "not base64": ["algorithm": "m.megolm.v1.aes-sha2", "ciphertext": "!!!not base64", "session_id": "s", "sender_key": "k", "device_id": "D"],
        "oversized": ["algorithm": "m.megolm.v1.aes-sha2", "ciphertext": .string(String(repeating: "A", count: 200_000)),
                      "session_id": "s", "sender_key": "k"],
    ]

    @Test("garbage encrypted contents are rejected, not crashed on", arguments: garbageContents.keys.sorted())
    func garbage(name: String) async throws {
        let content = try #require(Self.garbageContents[name])
        let setup = try await Self.setup(keyWait: .milliseconds(10))
        await setup.encryption.handle(setup.roomKeyEvent)
        let event = try Self.roomEvent(content)
        let failure = await Self.failure { () async throws(RoomDecryptionFailure) in try await setup.encryption.decrypt(event) }
        #expect(failure != nil)
    }

    @Test("to-device messages for another device, of other types, or garbled are ignored")
    func hostileToDevice() async throws {
        let setup = try await Self.setup(keyWait: .milliseconds(10))
        var other = setup.roomKeyEvent.raw.objectValue!
        other["to_device_id"] = "SOMEONEELSE"
        await setup.encryption.handle(try ToDeviceEvent(json: .object(other)))
        for content: JSONValue in [[:], ["algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": "short", "ciphertext": [:]],
                                   ["algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": .string(setup.user.identityKeys.curve25519),
                                    "ciphertext": [setup.bridge.identityKeys.curve25519: ["type": 0, "body": "AAAA"]]]] {
            await setup.encryption.handle(try ToDeviceEvent(json: [
                "type": "m.room.encrypted", "sender": .string(Self.alice.rawValue), "to_user_id": .string(Self.bot.rawValue),
                "to_device_id": .string(BridgeEncryption.deviceID), "content": content,
            ]))
        }
        // None of those gave the bridge alice's room key.
        let event = try Self.roomEvent(try await Self.aliceSays(setup, "still locked"))
        let failure = await Self.failure { () async throws(RoomDecryptionFailure) in try await setup.encryption.decrypt(event) }
        guard case .missingKey = failure else {
            Issue.record("expected missing keys, got \(String(describing: failure))")
            return
        }
    }

    @Test("a device whose self-signature is forged, or whose ed25519 key changed, gets no room key")
    func forgedDevice() async throws {
        let setup = try await Self.setup()
        let directory = DeviceDirectory(logger: Logger(label: "test"))
        let keys = setup.userUpload["device_keys"]!
        #expect(await directory.accept(["device_keys": [Self.alice.rawValue: ["ALICEDEV": keys]]], for: [Self.alice])[Self.alice]?.count == 1)

        guard case .object(var forged) = keys, case .object(var keyMap) = forged["keys"] else { return }
        let other = try await OlmMachine(userID: Self.alice, deviceID: "ALICEDEV", pickleKey: Self.pickleKey, store: InMemoryCryptoStore())
        keyMap["ed25519:ALICEDEV"] = .string(other.identityKeys.ed25519)
        forged["keys"] = .object(keyMap)
        // The old signature doesn't cover the new key.
        #expect(await directory.accept(["device_keys": [Self.alice.rawValue: ["ALICEDEV": .object(forged)]]], for: [Self.alice])[Self.alice] == nil)
        // Correctly self-signed by another key, but the device ID was first seen with alice's key.
        let resigned = try await other.deviceKeys()
        #expect(await directory.accept(["device_keys": [Self.alice.rawValue: ["ALICEDEV": resigned]]], for: [Self.alice])[Self.alice] == nil)
        // Filed under another device ID than it names.
        #expect(await directory.accept(["device_keys": [Self.alice.rawValue: ["OTHER": keys]]], for: [Self.alice])[Self.alice] == nil)
        // Not an object at all.
        #expect(await directory.accept(["device_keys": [Self.alice.rawValue: ["X": 7]]], for: [Self.alice])[Self.alice] == nil)
    }

    @Test("a member leaving an encrypted room retires its session; the next one is new")
    func leaveRotates() async throws {
        let setup = try await Self.setup()
        await setup.encryption.rooms.setState(.encrypted(.default), of: Self.room)
        let keys = setup.userUpload["one_time_keys"]!.objectValue!.sorted { $0.key < $1.key }
        let first = try await setup.bridge.roomKeyShares(roomID: Self.room, devices: [setup.userDevice],
                                                         claimedOneTimeKeys: [setup.userDevice.key: .object([keys[0].key: keys[0].value])])
        _ = try await setup.bridge.encryptRoomEvent(roomID: Self.room, type: "m.room.message", content: ["body": "before"])

        // A bridge user (the bot itself) leaving changes nothing.
        await setup.encryption.observe(try Self.member(Self.bot, "leave"))
        _ = try await setup.bridge.encryptRoomEvent(roomID: Self.room, type: "m.room.message", content: ["body": "still"])

        await setup.encryption.observe(try Self.member("@carol:example.org", "leave"))
        await #expect(throws: CryptoError.self) {
            try await setup.bridge.encryptRoomEvent(roomID: Self.room, type: "m.room.message", content: ["body": "after"])
        }
        let second = try await setup.bridge.roomKeyShares(roomID: Self.room, devices: [setup.userDevice])
        #expect(second.sessionID != first.sessionID)
        #expect(second.messages[Self.alice]?["ALICEDEV"] != nil, "the remaining member gets the new session")
    }

    static func member(_ user: UserID, _ membership: String) throws -> ClientEvent {
        try ClientEvent(json: [
            "type": "m.room.member", "state_key": .string(user.rawValue), "sender": .string(user.rawValue),
            "room_id": .string(room.rawValue), "event_id": "$member", "origin_server_ts": 1,
            "content": ["membership": .string(membership)],
        ])
    }

    @Test("a key that arrived before anyone waited is still found")
    func arrivalsRemembered() async {
        let arrivals = ArrivalSignals(memory: 2)
        await arrivals.signal("a")
        #expect(await arrivals.wait(for: "a", timeout: .milliseconds(1)))
        await arrivals.signal("b")
        await arrivals.signal("c")
        #expect(await arrivals.wait(for: "a", timeout: .milliseconds(1)) == false)
    }
}
