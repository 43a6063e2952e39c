import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("CoreUserStore", .serialized)
struct CoreUserStoreTests {
    @Test(arguments: StorageBackend.allCases)
    func anUnknownUserIsNil(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            #expect(try await CoreUserStore(database: database).get("@nobody:example.org") == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aStoredUserComesBackAsStored(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let users = CoreUserStore(database: database)
            let alice = UserRow(mxid: "@alice:example.org", managementRoom: "!mgmt:example.org", createdAt: 1234)
            try await users.upsert(alice)
            #expect(try await users.get("@alice:example.org") == alice)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func upsertingAgainReplacesTheManagementRoomAndKeepsCreatedAt(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let users = CoreUserStore(database: database)
            try await users.upsert(UserRow(mxid: "@alice:example.org", managementRoom: "!old:x", createdAt: 1))
            try await users.upsert(UserRow(mxid: "@alice:example.org", managementRoom: nil, createdAt: 99))
            #expect(try await users.get("@alice:example.org") == UserRow(mxid: "@alice:example.org", createdAt: 1))
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theManagementRoomCanBeSetAndCleared(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let users = CoreUserStore(database: database)
            try await users.upsert(UserRow(mxid: "@alice:example.org", createdAt: 1))
            #expect(try await users.setManagementRoom("!mgmt:x", for: "@alice:example.org"))
            #expect(try await users.get("@alice:example.org")?.managementRoom == "!mgmt:x")
            #expect(try await users.setManagementRoom(nil, for: "@alice:example.org"))
            #expect(try await users.get("@alice:example.org")?.managementRoom == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func settingTheManagementRoomOfAnUnknownUserChangesNothing(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let users = CoreUserStore(database: database)
            #expect(try await users.setManagementRoom("!mgmt:x", for: "@ghost:example.org") == false)
            #expect(try await users.all().isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func allListsEveryUserByMatrixID(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let users = CoreUserStore(database: database)
            for mxid in ["@carol:x", "@alice:x", "@bob:x"] { try await users.upsert(UserRow(mxid: mxid)) }
            #expect(try await users.all().map(\.mxid) == ["@alice:x", "@bob:x", "@carol:x"])
        }
    }
}
