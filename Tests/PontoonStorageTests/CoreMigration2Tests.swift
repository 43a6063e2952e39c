import Foundation
import PontoonStorage
import PontoonTestSupport
import SQLKit
import Testing

@Suite("CoreMigration2", .serialized)
struct CoreMigration2Tests {
    static let coreTables = [
        "bridge_user", "user_login", "portal", "ghost", "message", "reaction", "processed_matrix_event",
    ]

    private func appliedVersions(_ database: BridgeDatabase) async throws -> [Int] {
        try await database.sql.select().column("version").from("pontoon_schema_version").orderBy("version")
            .all(decodingColumn: "version", as: Int.self)
    }

    @Test(arguments: StorageBackend.allCases)
    func aFreshDatabaseGetsEveryCoreTableEmpty(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            #expect(try await appliedVersions(database) == BridgeDatabase.coreMigrations.map(\.version))
            for table in Self.coreTables {
                #expect(try await CoreFixtures.count(table, in: database) == 0, "\(table)")
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func migrationTwoAppliesOnTopOfOneAndKeepsItsData(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration, migrations: [BridgeDatabase.coreMigrations[0]]) {
                database async throws in
                try await KeyValueStore(database: database).set("kept", forKey: "before-2")
                #expect(try await TransactionJournal(database: database).record(
                    transactionID: "t1", items: [JournalItem(kind: "pdu", bytes: [1])]))
            }
            try await withOpenDatabase(configuration) { database async throws in
                #expect(try await appliedVersions(database) == BridgeDatabase.coreMigrations.map(\.version))
                #expect(try await KeyValueStore(database: database).string(forKey: "before-2") == "kept")
                #expect(try await TransactionJournal(database: database).pending(limit: 10).count == 1)
                let users = CoreUserStore(database: database)
                try await users.upsert(UserRow(mxid: "@alice:example.org"))
                #expect(try await users.get("@alice:example.org") != nil)
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func booleansAreStoredAsTheEnginesTrueAndFalse(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            try await CorePortalStore(database: database, network: "n").upsert(
                PortalRow(key: PortalRowKey(chatID: "c"), nameSet: true, topicSet: false))
            let row = try #require(try await database.sql.select().column("name_set").column("topic_set")
                .from("portal").first())
            switch backend {
            case .sqlite: // No boolean type: SQLiteKit writes a Bool as the integer 1 or 0.
                #expect(try row.decode(column: "name_set", as: Int.self) == 1)
                #expect(try row.decode(column: "topic_set", as: Int.self) == 0)
            case .postgres:
                #expect(try row.decode(column: "name_set", as: Bool.self) == true)
                #expect(try row.decode(column: "topic_set", as: Bool.self) == false)
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func omittedColumnsTakeTheirDefaults(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            // A row written by hand (or by a later migration) with only the required columns.
            try await database.sql.insert(into: "portal").columns("network", "chat_id", "created_at")
                .values(SQLBind("n"), SQLBind("c"), SQLBind(Int64(5))).run()
            let portal = try #require(try await CorePortalStore(database: database, network: "n")
                .get(PortalRowKey(chatID: "c")))
            #expect(portal == PortalRow(key: PortalRowKey(chatID: "c"), createdAt: 5))
        }
    }
}
