import Foundation
import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("CoreProcessedEventStore", .serialized)
struct CoreProcessedEventStoreTests {
    @Test(arguments: StorageBackend.allCases)
    func anEventIsNewOnceThenSeen(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let processed = CoreProcessedEventStore(database: database)
            #expect(try await processed.markIfNew("$e1", in: "!r:x"))
            #expect(try await processed.markIfNew("$e1", in: "!r:x") == false)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theSameEventIDInAnotherRoomIsAnotherEvent(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let processed = CoreProcessedEventStore(database: database)
            #expect(try await processed.markIfNew("$e1", in: "!a:x"))
            #expect(try await processed.markIfNew("$e1", in: "!b:x"))
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func concurrentMarksOfOneEventAcceptExactlyOne(backend: StorageBackend) async throws {
        try await withDatabaseForConcurrency(backend) { database async throws in
            let processed = CoreProcessedEventStore(database: database)
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 { group.addTask { try await processed.markIfNew("$race", in: "!r:x") } }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 1)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aMarkSurvivesARestart(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration) { database async throws in
                #expect(try await CoreProcessedEventStore(database: database).markIfNew("$e1", in: "!r:x"))
            }
            try await withOpenDatabase(configuration) { database async throws in
                #expect(try await CoreProcessedEventStore(database: database).markIfNew("$e1", in: "!r:x") == false)
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func pruningForgetsOnlyEventsHandledBeforeTheCutoff(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let processed = CoreProcessedEventStore(database: database)
            let now = Date()
            #expect(try await processed.markIfNew("$old", in: "!r:x", at: now.addingTimeInterval(-3600)))
            #expect(try await processed.markIfNew("$new", in: "!r:x", at: now))
            #expect(try await processed.prune(olderThan: now.addingTimeInterval(-60)) == 1)
            #expect(try await processed.markIfNew("$old", in: "!r:x"))
            #expect(try await processed.markIfNew("$new", in: "!r:x") == false)
        }
    }
}
