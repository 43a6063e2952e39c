import Foundation
import Logging
import Pontoon
import PontoonCrypto
import PontoonMatrix
import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("SQLCryptoStore: the Olm device state in the bridge database", .serialized)
struct SQLCryptoStoreTests {
    typealias Backend = StorageBackend

    static let bot: UserID = "@bot:localhost"
    static let alice: UserID = "@alice:localhost"
    static let room: RoomID = "!portal:localhost"
    static let otherRoom: RoomID = "!other:localhost"
    static let pickleKey = Array("a pickle key of thirty-two bytes".utf8)

    /// The bot's store `BOTDEV` on a fresh database of `backend`.
    static func withStore<T>(
        _ backend: Backend,
        isolation: isolated (any Actor)? = #isolation,
        _ body: (SQLCryptoStore, BridgeDatabase) async throws -> T
    ) async throws -> T {
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration) { database async throws in
                try await body(SQLCryptoStore(database: database, userID: bot, deviceID: "BOTDEV"), database)
            }
        }
    }

    static func device(_ user: UserID, _ id: String, curve: String, ed: String = "ed") -> DeviceIdentity {
        DeviceIdentity(userID: user, deviceID: id, curve25519: curve, ed25519: ed)
    }

    // MARK: Round trips

    /// Reported as skipped, with how to start the server, when PostgreSQL tests cannot run; the PostgreSQL
    /// cases of the other tests then end silently.
    @Test(PostgresTestDatabase.serverTrait)
    func theTestPostgreSQLServerIsThere() async throws {
        try await theAccountIsAbsentThenStoredThenReplaced(backend: .postgres)
    }

    @Test(arguments: Backend.allCases)
    func theAccountIsAbsentThenStoredThenReplaced(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            #expect(try await store.loadAccount() == nil)
            try await store.saveAccount(pickle: "first")
            #expect(try await store.loadAccount() == "first")
            try await store.saveAccount(pickle: "second")
            #expect(try await store.loadAccount() == "second")
        }
    }

    @Test(arguments: Backend.allCases)
    func olmSessionsAreFiledBySenderKeyAndReplacedBySessionID(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            let a1 = OlmSessionRecord(senderKey: "keyA", sessionID: "s1", pickle: "p1", lastUsedMs: 10)
            let a2 = OlmSessionRecord(senderKey: "keyA", sessionID: "s2", pickle: "p2", lastUsedMs: 20)
            let b1 = OlmSessionRecord(senderKey: "keyB", sessionID: "s1", pickle: "pb", lastUsedMs: 5)
            for record in [a1, a2, b1] { try await store.saveOlmSession(record) }
            #expect(Set(try await store.loadOlmSessions(senderKey: "keyA")) == [a1, a2])
            #expect(try await store.loadOlmSessions(senderKey: "keyB") == [b1])
            #expect(try await store.loadOlmSessions(senderKey: "keyC").isEmpty)

            let used = OlmSessionRecord(senderKey: "keyA", sessionID: "s1", pickle: "p1'", lastUsedMs: 30)
            try await store.saveOlmSession(used)
            #expect(Set(try await store.loadOlmSessions(senderKey: "keyA")) == [used, a2])
        }
    }

    @Test(arguments: Backend.allCases)
    func inboundGroupSessionsRoundTripByRoomSenderAndSession(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            let record = InboundGroupSessionRecord(roomID: Self.room, senderKey: "curve", sessionID: "m1",
                                                   senderEd25519: "ed", pickle: "p")
            try await store.saveInboundGroupSession(record)
            #expect(try await store.loadInboundGroupSession(roomID: Self.room, senderKey: "curve", sessionID: "m1") == record)
            #expect(try await store.loadInboundGroupSession(roomID: Self.otherRoom, senderKey: "curve", sessionID: "m1") == nil)
            #expect(try await store.loadInboundGroupSession(roomID: Self.room, senderKey: "other", sessionID: "m1") == nil)

            var better = record
            better.pickle = "earlier index"
            better.senderEd25519 = "ed2"
            try await store.saveInboundGroupSession(better)
            #expect(try await store.loadInboundGroupSession(roomID: Self.room, senderKey: "curve", sessionID: "m1") == better)
        }
    }

    @Test(arguments: Backend.allCases)
    func theOutboundSessionOfARoomRoundTripsWithItsRotation(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            #expect(try await store.loadOutboundGroupSession(roomID: Self.room) == nil)
            let record = OutboundGroupSessionRecord(roomID: Self.room, sessionID: "o1", pickle: "p", createdMs: 1_700_000_000_000,
                                                    rotation: RotationPolicy(periodMs: 3_600_000, messages: 7))
            try await store.saveOutboundGroupSession(record)
            #expect(try await store.loadOutboundGroupSession(roomID: Self.room) == record)

            let next = OutboundGroupSessionRecord(roomID: Self.room, sessionID: "o2", pickle: "p2", createdMs: 1_700_000_100_000,
                                                  rotation: .default)
            try await store.saveOutboundGroupSession(next)
            #expect(try await store.loadOutboundGroupSession(roomID: Self.room) == next)
            #expect(try await store.loadOutboundGroupSession(roomID: Self.otherRoom) == nil)
        }
    }

    @Test(arguments: Backend.allCases)
    func sharedDevicesAccumulatePerRoomAndSession(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            let a = DeviceKey(userID: Self.alice, deviceID: "A1"), b = DeviceKey(userID: Self.alice, deviceID: "A2")
            let c = DeviceKey(userID: "@carol:localhost", deviceID: "C1")
            try await store.addSharedDevices(roomID: Self.room, sessionID: "o1", devices: [a, b])
            try await store.addSharedDevices(roomID: Self.room, sessionID: "o1", devices: [b, c])
            try await store.addSharedDevices(roomID: Self.room, sessionID: "o1", devices: [])
            #expect(try await store.loadSharedDevices(roomID: Self.room, sessionID: "o1") == [a, b, c])
            #expect(try await store.loadSharedDevices(roomID: Self.room, sessionID: "o2").isEmpty)
            #expect(try await store.loadSharedDevices(roomID: Self.otherRoom, sessionID: "o1").isEmpty)

            // More devices than one statement takes.
            let many = Set(try (0..<1_200).map { DeviceKey(userID: try UserID(validating: "@u\($0):localhost"), deviceID: "D") })
            try await store.addSharedDevices(roomID: Self.otherRoom, sessionID: "big", devices: many)
            #expect(try await store.loadSharedDevices(roomID: Self.otherRoom, sessionID: "big") == many)
        }
    }

    @Test(arguments: Backend.allCases)
    func deletingTheOutboundSessionDropsTheRoomsShares(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            let a = DeviceKey(userID: Self.alice, deviceID: "A1")
            for room in [Self.room, Self.otherRoom] {
                try await store.saveOutboundGroupSession(OutboundGroupSessionRecord(
                    roomID: room, sessionID: "o1", pickle: "p", createdMs: 0, rotation: .default))
                try await store.addSharedDevices(roomID: room, sessionID: "o1", devices: [a])
            }
            try await store.addSharedDevices(roomID: Self.room, sessionID: "older", devices: [a])

            try await store.deleteOutboundGroupSession(roomID: Self.room)
            #expect(try await store.loadOutboundGroupSession(roomID: Self.room) == nil)
            #expect(try await store.loadSharedDevices(roomID: Self.room, sessionID: "o1").isEmpty)
            #expect(try await store.loadSharedDevices(roomID: Self.room, sessionID: "older").isEmpty)
            // The other room keeps both.
            #expect(try await store.loadOutboundGroupSession(roomID: Self.otherRoom)?.sessionID == "o1")
            #expect(try await store.loadSharedDevices(roomID: Self.otherRoom, sessionID: "o1") == [a])
            // Deleting what is not there is fine.
            try await store.deleteOutboundGroupSession(roomID: Self.room)
        }
    }

    @Test(arguments: Backend.allCases)
    func devicesAreFoundByCurveKeyAndUpserted(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            #expect(try await store.loadDevice(curve25519: "c1") == nil)
            let a1 = Self.device(Self.alice, "A1", curve: "c1", ed: "e1")
            let a2 = Self.device(Self.alice, "A2", curve: "c2", ed: "e2")
            try await store.saveDevices([a1, a2])
            #expect(try await store.loadDevice(curve25519: "c1") == a1)
            #expect(try await store.loadDevice(curve25519: "c2") == a2)

            // Saving a device again replaces its keys.
            let a1New = Self.device(Self.alice, "A1", curve: "c1new", ed: "e1new")
            try await store.saveDevices([a1New])
            #expect(try await store.loadDevice(curve25519: "c1new") == a1New)
            #expect(try await store.loadDevice(curve25519: "c1") == nil)

            // A key names one device: the latest saved (as in InMemoryCryptoStore), also within one call.
            let thief = Self.device("@mallory:localhost", "M1", curve: "c2", ed: "em")
            try await store.saveDevices([thief])
            #expect(try await store.loadDevice(curve25519: "c2") == thief)
            let last = Self.device(Self.alice, "A3", curve: "c3", ed: "e3b")
            try await store.saveDevices([Self.device(Self.alice, "A3", curve: "c3", ed: "e3a"), last, last])
            #expect(try await store.loadDevice(curve25519: "c3") == last)
            try await store.saveDevices([])
        }
    }

    // MARK: Replay protection

    @Test(arguments: Backend.allCases)
    func theFirstEventToClaimAnIndexKeepsIt(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            #expect(try await store.claimMessageIndex(sessionID: "m1", index: 0, eventID: "$first") == EventID("$first"))
            #expect(try await store.claimMessageIndex(sessionID: "m1", index: 0, eventID: "$replay") == EventID("$first"))
            #expect(try await store.claimMessageIndex(sessionID: "m1", index: 0, eventID: "$first") == EventID("$first"))
            #expect(try await store.claimMessageIndex(sessionID: "m1", index: 1, eventID: "$replay") == EventID("$replay"))
            #expect(try await store.claimMessageIndex(sessionID: "m2", index: 0, eventID: "$other") == EventID("$other"))
            // The whole UInt32 range fits.
            #expect(try await store.claimMessageIndex(sessionID: "m1", index: .max, eventID: "$max") == EventID("$max"))
            #expect(try await store.claimMessageIndex(sessionID: "m1", index: .max, eventID: "$late") == EventID("$max"))
        }
    }

    @Test(arguments: Backend.allCases)
    func concurrentClaimsOfOneIndexHaveOneWinnerThatAllSee(backend: Backend) async throws {
        try await Self.withStore(backend) { store, _ async throws in
            let answers = try await withThrowingTaskGroup(of: (EventID, EventID).self) { group in
                for n in 0..<20 {
                    group.addTask {
                        let mine = EventID(stringLiteral: "$claim\(n)")
                        return (mine, try await store.claimMessageIndex(sessionID: "race", index: 7, eventID: mine))
                    }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(answers.count == 20)
            let winners = Set(answers.map(\.1))
            #expect(winners.count == 1)
            let winner = try #require(winners.first)
            #expect(answers.filter { $0.0 == $0.1 }.count == 1)
            #expect(try await store.claimMessageIndex(sessionID: "race", index: 7, eventID: "$after") == winner)
        }
    }

    // MARK: Two devices, one database

    @Test(arguments: Backend.allCases)
    func twoDevicesInOneDatabaseDoNotSeeEachOthersRows(backend: Backend) async throws {
        try await Self.withStore(backend) { mine, database async throws in
            let sameUser = SQLCryptoStore(database: database, userID: Self.bot, deviceID: "OTHERDEV")
            let otherUser = SQLCryptoStore(database: database, userID: "@bot2:localhost", deviceID: "BOTDEV")
            let a = DeviceKey(userID: Self.alice, deviceID: "A1")
            try await mine.saveAccount(pickle: "mine")
            try await mine.saveOlmSession(OlmSessionRecord(senderKey: "k", sessionID: "s", pickle: "p", lastUsedMs: 1))
            try await mine.saveInboundGroupSession(InboundGroupSessionRecord(
                roomID: Self.room, senderKey: "k", sessionID: "m", senderEd25519: "e", pickle: "p"))
            try await mine.saveOutboundGroupSession(OutboundGroupSessionRecord(
                roomID: Self.room, sessionID: "o", pickle: "p", createdMs: 0, rotation: .default))
            try await mine.addSharedDevices(roomID: Self.room, sessionID: "o", devices: [a])
            #expect(try await mine.claimMessageIndex(sessionID: "m", index: 0, eventID: "$mine") == EventID("$mine"))
            try await mine.saveDevices([Self.device(Self.alice, "A1", curve: "k")])

            for other in [sameUser, otherUser] {
                #expect(try await other.loadAccount() == nil)
                #expect(try await other.loadOlmSessions(senderKey: "k").isEmpty)
                #expect(try await other.loadInboundGroupSession(roomID: Self.room, senderKey: "k", sessionID: "m") == nil)
                #expect(try await other.loadOutboundGroupSession(roomID: Self.room) == nil)
                #expect(try await other.loadSharedDevices(roomID: Self.room, sessionID: "o").isEmpty)
                #expect(try await other.loadDevice(curve25519: "k") == nil)
                // Its own claim of the same index is its own.
                #expect(try await other.claimMessageIndex(sessionID: "m", index: 0, eventID: "$theirs") == EventID("$theirs"))
                // Its writes and deletes leave ours alone.
                try await other.saveAccount(pickle: "theirs")
                try await other.saveDevices([Self.device("@eve:localhost", "E1", curve: "k")])
                try await other.deleteOutboundGroupSession(roomID: Self.room)
            }
            #expect(try await mine.loadAccount() == "mine")
            #expect(try await mine.loadOutboundGroupSession(roomID: Self.room)?.sessionID == "o")
            #expect(try await mine.loadSharedDevices(roomID: Self.room, sessionID: "o") == [a])
            #expect(try await mine.loadDevice(curve25519: "k")?.userID == Self.alice)
            #expect(try await mine.claimMessageIndex(sessionID: "m", index: 0, eventID: "$x") == EventID("$mine"))
        }
    }

    // MARK: An OlmMachine across a restart

    @Test(arguments: Backend.allCases)
    func anOlmMachineReopenedOnTheDatabaseKeepsItsKeysAndSessions(backend: Backend) async throws {
        let user = try await OlmMachine(userID: Self.alice, deviceID: "ALICEDEV", pickleKey: Self.pickleKey, store: InMemoryCryptoStore())
        let userUpload = try await user.initialKeyUpload()
        let userDevice = try DeviceIdentity.verified(deviceKeys: try #require(userUpload["device_keys"]), userID: Self.alice, deviceID: "ALICEDEV")

        try await withFreshConfiguration(backend) { configuration async throws in
            let (keys, early, late) = try await withOpenDatabase(configuration) { database async throws in
                let bridge = try await OlmMachine(userID: Self.bot, deviceID: "BOTDEV", pickleKey: Self.pickleKey,
                                                  store: SQLCryptoStore(database: database, userID: Self.bot, deviceID: "BOTDEV"))
                let bridgeUpload = try await bridge.initialKeyUpload()
                try await bridge.markKeysPublished()
                let bridgeDevice = try DeviceIdentity.verified(deviceKeys: try #require(bridgeUpload["device_keys"]),
                                                               userID: Self.bot, deviceID: "BOTDEV")
                try await bridge.rememberDevices([userDevice])
                try await user.rememberDevices([bridgeDevice])

                // The user shares a room key with the bridge over a new Olm session (a one-time key claimed).
                let oneTimeKey = try #require(bridgeUpload["one_time_keys"]?.objectValue?.min { $0.key < $1.key })
                let shares = try await user.roomKeyShares(roomID: Self.room, devices: [bridgeDevice],
                                                          claimedOneTimeKeys: [bridgeDevice.key: .object([oneTimeKey.key: oneTimeKey.value])])
                let content = try #require(shares.messages[Self.bot]?["BOTDEV"])
                let received = try await bridge.decryptToDevice(ToDeviceEvent(json: .object([
                    "type": "m.room.encrypted", "sender": .string(Self.alice.rawValue), "to_user_id": .string(Self.bot.rawValue),
                    "to_device_id": "BOTDEV", "content": content,
                ])))
                #expect(received.senderVerified)
                #expect(received.roomKey?.sessionID == shares.sessionID)

                let early = try await Self.userSays(user, "before the restart")
                let decrypted = try await bridge.decryptRoomEvent(EncryptedContent(json: early), roomID: Self.room, eventID: "$early")
                #expect(decrypted.content["body"] == "before the restart")
                // Encrypted before the restart, decrypted after it.
                let late = try await Self.userSays(user, "read after the restart")
                return (try await bridge.deviceKeys(), early, late)
            }

            try await withOpenDatabase(configuration) { database async throws in
                let reopened = try await OlmMachine(userID: Self.bot, deviceID: "BOTDEV", pickleKey: Self.pickleKey,
                                                    store: SQLCryptoStore(database: database, userID: Self.bot, deviceID: "BOTDEV"))
                let reopenedKeys = try await reopened.deviceKeys()
                #expect(reopenedKeys["keys"]?["ed25519:BOTDEV"] == keys["keys"]?["ed25519:BOTDEV"])
                #expect(reopenedKeys["keys"]?["curve25519:BOTDEV"] == keys["keys"]?["curve25519:BOTDEV"])
                #expect(reopenedKeys["keys"]?["ed25519:BOTDEV"] != nil)

                let event = try await reopened.decryptRoomEvent(EncryptedContent(json: late), roomID: Self.room, eventID: "$late")
                #expect(event.content["body"] == "read after the restart")
                #expect(event.messageIndex == 1)
                #expect(event.senderEd25519 == user.identityKeys.ed25519)
                // The index claimed before the restart is still claimed.
                do {
                    _ = try await reopened.decryptRoomEvent(EncryptedContent(json: early), roomID: Self.room, eventID: "$replayed")
                    Issue.record("a replayed message index decrypted")
                } catch let error as CryptoError {
                    guard case .replayedMessageIndex(_, 0, "$early") = error else {
                        Issue.record("expected a replay of $early, got \(error)")
                        return
                    }
                }
            }
        }
    }

    static func userSays(_ user: OlmMachine, _ body: String) async throws -> JSONValue {
        try await user.encryptRoomEvent(roomID: room, type: "m.room.message", content: ["msgtype": "m.text", "body": .string(body)])
    }
}
