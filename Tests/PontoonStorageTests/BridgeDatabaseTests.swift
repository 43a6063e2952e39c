import Foundation
import PontoonStorage
import PontoonTestSupport
import SQLKit
import Testing

@Suite("BridgeDatabase")
struct BridgeDatabaseTests {
    struct Abort: Error {}

    private func count(_ database: BridgeDatabase, in table: String) async throws -> Int {
        let row = try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table).first()
        return try row?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test(arguments: StorageBackend.allCases)
    func aTransactionThatReturnsIsCommitted(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let value = try await database.transaction { db async throws in
                try await db.insert(into: "kv").columns("key", "value").values(SQLBind("a"), SQLBind(Data([1]))).run()
                try await db.insert(into: "kv").columns("key", "value").values(SQLBind("b"), SQLBind(Data([2]))).run()
                return 42
            }
            #expect(value == 42)
            #expect(try await count(database, in: "kv") == 2)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aTransactionThatThrowsIsRolledBack(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            await #expect(throws: Abort.self) {
                try await database.transaction { db async throws in
                    try await db.insert(into: "kv").columns("key", "value").values(SQLBind("a"), SQLBind(Data([1]))).run()
                    throw Abort()
                }
            }
            #expect(try await count(database, in: "kv") == 0)
            // The connection went back to the pool usable, outside any transaction.
            try await database.transaction { db async throws in
                try await db.insert(into: "kv").columns("key", "value").values(SQLBind("b"), SQLBind(Data([2]))).run()
            }
            #expect(try await count(database, in: "kv") == 1)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aFailedStatementRollsBackTheWholeTransaction(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            await #expect(throws: (any Error).self) {
                try await database.transaction { db async throws in
                    try await db.insert(into: "kv").columns("key", "value").values(SQLBind("a"), SQLBind(Data([1]))).run()
                    try await db.insert(into: "no_such_table").columns("x").values(SQLBind(1)).run()
                }
            }
            let rows = try await count(database, in: "kv")
            #expect(rows == 0)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func nestingATransactionIsRefusedInsteadOfDeadlocking(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            _ = await #expect(throws: StorageError.nestedTransaction) {
                try await database.transaction { _ in
                    try await database.transaction { _ in }
                }
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func concurrentTransactionsAllCommit(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<40 {
                    group.addTask {
                        try await database.transaction { db async throws in
                            try await db.insert(into: "kv").columns("key", "value")
                                .values(SQLBind("k\(index)"), SQLBind(Data([UInt8(index)]))).run()
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await count(database, in: "kv") == 40)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func closingTwiceIsHarmlessAndLaterUseFails(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            let database = try await openDatabase(configuration)
            try await database.close()
            try await database.close()
            await #expect(throws: StorageError.closed) {
                try await database.transaction { _ in }
            }
            await #expect(throws: (any Error).self) {
                try await database.sql.raw("SELECT 1").run()
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func releasingAnOpenDatabaseShutsItDownWithoutCrashing(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            var database: BridgeDatabase? = try await openDatabase(configuration)
            try await database?.sql.raw("SELECT 1").run()
            database = nil
            // Its pool shuts down in the background; give it a moment, then the same database opens again.
            try await Task.sleep(for: .milliseconds(200))
            try await withOpenDatabase(configuration) { reopened async throws in
                try await reopened.sql.raw("SELECT 1").run()
            }
        }
    }

    @Test func sqliteConnectionsAreSetUpForDurability() async throws {
        try await withDatabase(.sqlite) { database async throws in
            try await database.transaction { db async throws in
                func pragma<T: Decodable>(_ name: String, column: String? = nil, as type: T.Type) async throws -> T? {
                    let row = try await db.raw("PRAGMA \(unsafeRaw: name)").first()
                    return try row?.decode(column: column ?? name, as: T.self)
                }
                let journalMode = try await pragma("journal_mode", as: String.self)
                let synchronous = try await pragma("synchronous", as: Int.self)
                let foreignKeys = try await pragma("foreign_keys", as: Int.self)
                let busyTimeout = try await pragma("busy_timeout", column: "timeout", as: Int.self)
                #expect(journalMode == "wal")
                #expect(synchronous == 2) // FULL
                #expect(foreignKeys == 1)
                #expect(busyTimeout == 10_000)
            }
        }
    }

    @Test func anInMemorySQLiteDatabaseWorks() async throws {
        try await withOpenDatabase(.sqlite(path: ":memory:")) { database async throws in
            let store = KeyValueStore(database: database)
            try await store.set("v", forKey: "k")
            #expect(try await store.string(forKey: "k") == "v")
        }
    }

    @Test func anSQLiteFileInAMissingFolderGivesAClearError() async throws {
        let error = await #expect(throws: StorageError.self) {
            try await openDatabase(.sqlite(path: "/nonexistent-\(UUID().uuidString)/bridge.db"))
        }
        #expect(error?.description.contains("does its folder exist") == true)
    }

    @Test func anUnreachablePostgresGivesAClearErrorWithoutThePassword() async throws {
        let port = try FreePort.find()
        let error = await #expect(throws: StorageError.self) {
            try await openDatabase(.postgres(url: "postgres://u:hunter2@127.0.0.1:\(port)/db?sslmode=disable"))
        }
        #expect(error?.description.contains("127.0.0.1:\(port)") == true)
        #expect(error?.description.contains("hunter2") == false)
    }
}
