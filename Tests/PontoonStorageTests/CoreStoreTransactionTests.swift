import PontoonStorage
import PontoonTestSupport
import Testing

/// Stores bound to a caller's transaction with `within(_:)` commit and roll back with it.
@Suite("Core stores: within a transaction", .serialized)
struct CoreStoreTransactionTests {
    struct Abort: Error {}

    @Test(arguments: StorageBackend.allCases)
    func writesInACommittedTransactionAreKept(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = CoreMessageStore(database: database, network: CoreFixtures.network)
            let processed = CoreProcessedEventStore(database: database)
            try await database.transaction { db async throws in
                #expect(try await processed.within(db).markIfNew("$m", in: "!r:x"))
                #expect(try await messages.within(db).insert(CoreFixtures.part("m1")))
            }
            #expect(try await messages.parts(of: "m1", in: CoreFixtures.shared).count == 1)
            #expect(try await processed.markIfNew("$m", in: "!r:x") == false)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func writesInARolledBackTransactionAreUndoneTogether(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = CoreMessageStore(database: database, network: CoreFixtures.network)
            let processed = CoreProcessedEventStore(database: database)
            let portals = CorePortalStore(database: database, network: CoreFixtures.network)
            await #expect(throws: Abort.self) {
                try await database.transaction { db async throws in
                    #expect(try await processed.within(db).markIfNew("$m", in: "!r:x"))
                    try await portals.within(db).upsert(CoreFixtures.portal())
                    #expect(try await messages.within(db).insert(CoreFixtures.part("m1")))
                    throw Abort()
                }
            }
            #expect(try await processed.markIfNew("$m", in: "!r:x"))
            #expect(try await portals.get(CoreFixtures.shared) == nil)
            #expect(try await messages.parts(of: "m1", in: CoreFixtures.shared).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func multiStatementOperationsJoinTheCallersTransaction(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = CoreMessageStore(database: database, network: CoreFixtures.network)
            let portals = CorePortalStore(database: database, network: CoreFixtures.network)
            try await portals.upsert(CoreFixtures.portal())
            #expect(try await messages.insert(CoreFixtures.part("m1")))
            // Deleting a portal runs several statements; inside a transaction it must not open its own (that
            // would throw nestedTransaction) and must roll back with the caller's.
            await #expect(throws: Abort.self) {
                try await database.transaction { db async throws in
                    #expect(try await portals.within(db).delete(CoreFixtures.shared))
                    #expect(try await portals.within(db).get(CoreFixtures.shared) == nil)
                    throw Abort()
                }
            }
            #expect(try await portals.get(CoreFixtures.shared) != nil)
            #expect(try await messages.parts(of: "m1", in: CoreFixtures.shared).count == 1)
        }
    }
}
