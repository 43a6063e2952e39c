import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("CoreReactionStore", .serialized)
struct CoreReactionStoreTests {
    private func store(_ database: BridgeDatabase) -> CoreReactionStore {
        CoreReactionStore(database: database, network: CoreFixtures.network)
    }

    @Test(arguments: StorageBackend.allCases)
    func aNewReactionIsStoredAndReplacesNothing(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let reactions = store(database)
            let thumbs = CoreFixtures.reaction(to: "m1", part: "img", in: CoreFixtures.dm)
            #expect(try await reactions.upsert(thumbs) == nil)
            #expect(try await reactions.get(thumbs.key) == thumbs)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aReactionUnderTheSameKeyReplacesTheOldOneAndReturnsIt(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let reactions = store(database)
            // A network with one reaction per user and message: a fixed emoji ID, a new emoji.
            let first = CoreFixtures.reaction(to: "m1", emojiID: "", event: "$r1")
            var second = first
            second.emoji = "❤️"
            second.mxid = "$r2"
            second.timestamp += 10
            try await reactions.upsert(first)
            #expect(try await reactions.upsert(second) == first)
            #expect(try await reactions.get(first.key) == second)
            #expect(try await reactions.byEventID("$r1", in: first.roomMXID) == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aReactionIsFoundByItsEventID(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let reactions = store(database)
            let thumbs = CoreFixtures.reaction(to: "m1", event: "$thumbs")
            try await reactions.upsert(thumbs)
            #expect(try await reactions.byEventID("$thumbs", in: thumbs.roomMXID) == thumbs)
            #expect(try await reactions.byEventID("$thumbs", in: "!elsewhere:x") == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func reactionsToAMessageAreListedOldestFirstAndByPart(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let reactions = store(database)
            let late = CoreFixtures.reaction(to: "m1", by: "carol", emojiID: "🎉", timestamp: 30)
            let early = CoreFixtures.reaction(to: "m1", by: "bob", emojiID: "👍", timestamp: 10)
            let onImage = CoreFixtures.reaction(to: "m1", part: "img", by: "bob", emojiID: "👀", timestamp: 20)
            let elsewhere = CoreFixtures.reaction(to: "m2", timestamp: 5)
            for reaction in [late, early, onImage, elsewhere] { try await reactions.upsert(reaction) }
            #expect(try await reactions.reactions(to: "m1", in: CoreFixtures.shared) == [early, onImage, late])
            #expect(try await reactions.reactions(to: "m1", part: "", in: CoreFixtures.shared) == [early, late])
            #expect(try await reactions.reactions(to: "m1", in: CoreFixtures.dm).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aDeletedReactionIsGoneAndOthersStay(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let reactions = store(database)
            let bobs = CoreFixtures.reaction(to: "m1", by: "bob")
            let carols = CoreFixtures.reaction(to: "m1", by: "carol")
            try await reactions.upsert(bobs)
            try await reactions.upsert(carols)
            #expect(try await reactions.delete(bobs.key))
            #expect(try await reactions.get(bobs.key) == nil)
            #expect(try await reactions.get(carols.key) == carols)
            #expect(try await reactions.delete(bobs.key) == false)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func anEventIDRecordedForAnotherReactionIsAnError(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let reactions = store(database)
            try await reactions.upsert(CoreFixtures.reaction(to: "m1", by: "bob", event: "$same"))
            await #expect(throws: (any Error).self) {
                try await reactions.upsert(CoreFixtures.reaction(to: "m1", by: "carol", event: "$same"))
            }
            let stored = try await reactions.reactions(to: "m1", in: CoreFixtures.shared)
            #expect(stored.map(\.key.senderRemoteID) == ["bob"])
        }
    }
}
