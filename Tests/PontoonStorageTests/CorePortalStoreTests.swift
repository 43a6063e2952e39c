import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("CorePortalStore", .serialized)
struct CorePortalStoreTests {
    private func store(_ database: BridgeDatabase, _ network: String = CoreFixtures.network) -> CorePortalStore {
        CorePortalStore(database: database, network: network)
    }

    @Test(arguments: StorageBackend.allCases)
    func aStoredPortalComesBackWithEveryField(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            let portal = CoreFixtures.portal(CoreFixtures.dm, room: "!dm:example.org")
            try await portals.upsert(portal)
            #expect(try await portals.get(CoreFixtures.dm) == portal)
            #expect(try await portals.get(PortalRowKey(chatID: "unknown")) == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aPortalWithDefaultsComesBackWithFalseFlagsAndNoRoom(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            let bare = PortalRow(key: CoreFixtures.shared, createdAt: 42)
            try await portals.upsert(bare)
            #expect(try await portals.get(CoreFixtures.shared) == bare)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theSharedPortalAndPerLoginPortalsOfOneChatAreDistinct(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            let shared = PortalRowKey(chatID: "bob")
            let alices = PortalRowKey(chatID: "bob", receiver: "login-alice")
            let carols = PortalRowKey(chatID: "bob", receiver: "login-carol")
            for (key, room) in [(shared, "!s:x"), (alices, "!a:x"), (carols, "!c:x")] {
                try await portals.upsert(PortalRow(key: key, mxid: room))
            }
            #expect(try await portals.get(shared)?.mxid == "!s:x")
            #expect(try await portals.get(alices)?.mxid == "!a:x")
            #expect(try await portals.get(carols)?.mxid == "!c:x")
            #expect(try await portals.portals(receiver: "login-alice").map(\.key) == [alices])
            #expect(try await portals.portals(receiver: nil).map(\.key) == [shared])
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aPortalIsFoundByItsRoom(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            try await portals.upsert(CoreFixtures.portal())
            #expect(try await portals.get(byRoom: "!general:example.org")?.key == CoreFixtures.shared)
            #expect(try await portals.get(byRoom: "!elsewhere:example.org") == nil)
            // Another network's store does not see it.
            #expect(try await store(database, CoreFixtures.otherNetwork).get(byRoom: "!general:example.org") == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func upsertingAgainReplacesEverythingButCreatedAt(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            try await portals.upsert(CoreFixtures.portal())
            let renamed = PortalRow(
                key: CoreFixtures.shared, mxid: "!new:x", name: "Renamed", nameSet: true, encrypted: false,
                metadata: "{}", createdAt: 9)
            try await portals.upsert(renamed)
            var expected = renamed
            expected.createdAt = CoreFixtures.portal().createdAt
            #expect(try await portals.get(CoreFixtures.shared) == expected)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theRoomCanBeSetAndCleared(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            try await portals.upsert(PortalRow(key: CoreFixtures.shared))
            #expect(try await portals.setRoom("!made:x", for: CoreFixtures.shared))
            #expect(try await portals.get(byRoom: "!made:x")?.key == CoreFixtures.shared)
            #expect(try await portals.setRoom(nil, for: CoreFixtures.shared))
            #expect(try await portals.get(CoreFixtures.shared)?.mxid == nil)
            #expect(try await portals.setRoom("!x:x", for: PortalRowKey(chatID: "unknown")) == false)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aRoomBelongsToOnePortalOnly(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            try await portals.upsert(PortalRow(key: CoreFixtures.shared, mxid: "!room:x"))
            try await portals.upsert(PortalRow(key: CoreFixtures.dm))
            await #expect(throws: (any Error).self) {
                try await portals.setRoom("!room:x", for: CoreFixtures.dm)
            }
            #expect(try await portals.get(CoreFixtures.dm)?.mxid == nil)
            // Portals without a room do not clash with each other.
            try await portals.upsert(PortalRow(key: PortalRowKey(chatID: "third")))
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theRelayCanBeSetAndTurnedOff(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            try await portals.upsert(PortalRow(key: CoreFixtures.shared))
            #expect(try await portals.setRelay("login-relay", for: CoreFixtures.shared))
            #expect(try await portals.get(CoreFixtures.shared)?.relayLoginID == "login-relay")
            #expect(try await portals.setRelay(nil, for: CoreFixtures.shared))
            #expect(try await portals.get(CoreFixtures.shared)?.relayLoginID == nil)
            #expect(try await portals.setRelay("login-relay", for: CoreFixtures.dm) == false)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func allListsTheNetworksPortalsOnly(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            try await store(database).upsert(PortalRow(key: PortalRowKey(chatID: "b")))
            try await store(database).upsert(PortalRow(key: PortalRowKey(chatID: "a")))
            try await store(database, CoreFixtures.otherNetwork).upsert(PortalRow(key: PortalRowKey(chatID: "a")))
            #expect(try await store(database).all().map(\.key.chatID) == ["a", "b"])
            #expect(try await store(database, CoreFixtures.otherNetwork).all().count == 1)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func deletingAPortalRemovesItsMessagesAndReactionsButNoOthers(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = store(database)
            let messages = CoreMessageStore(database: database, network: CoreFixtures.network)
            let reactions = CoreReactionStore(database: database, network: CoreFixtures.network)
            let otherNetwork = CoreMessageStore(database: database, network: CoreFixtures.otherNetwork)
            try await portals.upsert(CoreFixtures.portal())
            try await portals.upsert(CoreFixtures.portal(CoreFixtures.dm, room: "!dm:x"))
            #expect(try await messages.insert(CoreFixtures.part("m1")))
            #expect(try await messages.insert(CoreFixtures.part("m2", part: "img", index: 1)))
            #expect(try await messages.insert(CoreFixtures.part("m1", in: CoreFixtures.dm, room: "!dm:x")))
            #expect(try await otherNetwork.insert(CoreFixtures.part("m1", event: "$other", room: "!o:x")))
            try await reactions.upsert(CoreFixtures.reaction(to: "m1"))
            try await reactions.upsert(CoreFixtures.reaction(to: "m1", in: CoreFixtures.dm))

            #expect(try await portals.delete(CoreFixtures.shared))

            #expect(try await portals.get(CoreFixtures.shared) == nil)
            #expect(try await messages.parts(of: "m1", in: CoreFixtures.shared).isEmpty)
            #expect(try await messages.parts(of: "m2", in: CoreFixtures.shared).isEmpty)
            #expect(try await reactions.reactions(to: "m1", in: CoreFixtures.shared).isEmpty)
            // The DM with the same message ID, and the other network, keep theirs.
            #expect(try await portals.get(CoreFixtures.dm) != nil)
            #expect(try await messages.parts(of: "m1", in: CoreFixtures.dm).count == 1)
            #expect(try await reactions.reactions(to: "m1", in: CoreFixtures.dm).count == 1)
            #expect(try await otherNetwork.parts(of: "m1", in: CoreFixtures.shared).count == 1)
            #expect(try await portals.delete(CoreFixtures.shared) == false)
        }
    }
}
