import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("CoreGhostStore", .serialized)
struct CoreGhostStoreTests {
    private let bob = GhostRow(
        remoteUserID: "bob", name: "Bob (IRC)", avatarMXC: "mxc://x/bob", avatarSourceID: "sha256:abc",
        nameSet: true, avatarSet: false, isBot: true, metadata: #"{"host":"irc.example"}"#)

    @Test(arguments: StorageBackend.allCases)
    func aStoredGhostComesBackWithEveryField(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let ghosts = CoreGhostStore(database: database, network: CoreFixtures.network)
            try await ghosts.upsert(bob)
            #expect(try await ghosts.get("bob") == bob)
            #expect(try await ghosts.get("carol") == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func upsertingAgainReplacesTheGhost(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let ghosts = CoreGhostStore(database: database, network: CoreFixtures.network)
            try await ghosts.upsert(bob)
            let updated = GhostRow(remoteUserID: "bob", name: "Robert", avatarSourceID: "sha256:def", nameSet: false)
            try await ghosts.upsert(updated)
            #expect(try await ghosts.get("bob") == updated)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func eachNetworkHasItsOwnGhosts(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let here = CoreGhostStore(database: database, network: CoreFixtures.network)
            let there = CoreGhostStore(database: database, network: CoreFixtures.otherNetwork)
            try await here.upsert(bob)
            #expect(try await there.get("bob") == nil)
            try await there.upsert(GhostRow(remoteUserID: "bob", name: "Other Bob"))
            #expect(try await here.get("bob")?.name == "Bob (IRC)")
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aDeletedGhostIsGone(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let ghosts = CoreGhostStore(database: database, network: CoreFixtures.network)
            try await ghosts.upsert(bob)
            #expect(try await ghosts.delete("bob"))
            #expect(try await ghosts.get("bob") == nil)
            #expect(try await ghosts.delete("bob") == false)
        }
    }
}
