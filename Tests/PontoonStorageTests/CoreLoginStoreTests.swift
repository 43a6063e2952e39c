import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("CoreLoginStore", .serialized)
struct CoreLoginStoreTests {
    private let login = LoginRow(
        loginID: "login-alice", mxid: "@alice:example.org", remoteName: "alice_irc",
        metadata: #"{"sasl":"plain"}"#, state: "connected", createdAt: 1000)

    @Test(arguments: StorageBackend.allCases)
    func aStoredLoginComesBackAsStored(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let logins = CoreLoginStore(database: database, network: CoreFixtures.network)
            try await logins.upsert(login)
            #expect(try await logins.get("login-alice") == login)
            #expect(try await logins.get("login-bob") == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func upsertingAgainUpdatesTheLoginAndKeepsCreatedAt(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let logins = CoreLoginStore(database: database, network: CoreFixtures.network)
            try await logins.upsert(login)
            var changed = login
            changed.remoteName = "alice_"
            changed.metadata = "{}"
            changed.state = "bad_credentials"
            changed.createdAt = 5000
            try await logins.upsert(changed)
            changed.createdAt = 1000
            #expect(try await logins.get("login-alice") == changed)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func loginsOfAUserAreTheirsOldestFirst(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let logins = CoreLoginStore(database: database, network: CoreFixtures.network)
            try await logins.upsert(LoginRow(loginID: "second", mxid: "@alice:x", createdAt: 20))
            try await logins.upsert(LoginRow(loginID: "first", mxid: "@alice:x", createdAt: 10))
            try await logins.upsert(LoginRow(loginID: "bobs", mxid: "@bob:x", createdAt: 5))
            #expect(try await logins.logins(of: "@alice:x").map(\.loginID) == ["first", "second"])
            #expect(try await logins.logins(of: "@carol:x").isEmpty)
            #expect(try await logins.all().map(\.loginID) == ["bobs", "first", "second"])
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func eachNetworkSeesOnlyItsOwnLogins(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let here = CoreLoginStore(database: database, network: CoreFixtures.network)
            let there = CoreLoginStore(database: database, network: CoreFixtures.otherNetwork)
            try await here.upsert(login)
            var elsewhere = login
            elsewhere.remoteName = "other network's alice"
            try await there.upsert(elsewhere)
            #expect(try await here.get("login-alice")?.remoteName == "alice_irc")
            #expect(try await there.all() == [elsewhere])
            #expect(try await there.delete("login-alice"))
            #expect(try await here.get("login-alice") == login)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func deletingALoginStopsPortalsRelayingThroughIt(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let logins = CoreLoginStore(database: database, network: CoreFixtures.network)
            let portals = CorePortalStore(database: database, network: CoreFixtures.network)
            try await logins.upsert(LoginRow(loginID: "login-relay", mxid: "@alice:x"))
            try await portals.upsert(CoreFixtures.portal()) // relays through login-relay
            var keeps = CoreFixtures.portal(PortalRowKey(chatID: "#other"), room: "!other:x")
            keeps.relayLoginID = "another-login"
            try await portals.upsert(keeps)

            #expect(try await logins.delete("login-relay"))
            #expect(try await logins.get("login-relay") == nil)
            #expect(try await portals.get(CoreFixtures.shared)?.relayLoginID == nil)
            #expect(try await portals.get(keeps.key)?.relayLoginID == "another-login")
            #expect(try await logins.delete("login-relay") == false)
        }
    }
}
