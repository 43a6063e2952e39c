import PontoonStorage
import PontoonTestSupport
import SQLKit
import Synchronization
import Testing

@Suite("Migrations")
struct MigrationTests {
    /// The versions of the core migrations, and the next one, for probes appended after them.
    static let coreVersions = BridgeDatabase.coreMigrations.map(\.version)
    static let nextVersion = BridgeDatabase.coreMigrations.count + 1

    /// A migration after the core ones that adds a table, as a later issue would.
    static let probeMigration = Migration(version: nextVersion, name: "probe table") { db, _ in
        try await db.create(table: "probe").column("id", type: .bigint, .notNull).run()
    }

    private func appliedVersions(_ database: BridgeDatabase) async throws -> [Int] {
        try await database.sql.select().column("version").from("pontoon_schema_version").orderBy("version")
            .all(decodingColumn: "version", as: Int.self)
    }

    @Test(arguments: StorageBackend.allCases)
    func coreMigrationsAreRecordedOnce(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            #expect(try await appliedVersions(database) == Self.coreVersions)
            let names = try await database.sql.select().column("name").from("pontoon_schema_version")
                .orderBy("version").all(decodingColumn: "name", as: String.self)
            #expect(names == BridgeDatabase.coreMigrations.map(\.name))
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func reopeningRunsNoMigrationAgain(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            let migrations = BridgeDatabase.coreMigrations + [Self.probeMigration]
            try await withOpenDatabase(configuration, migrations: migrations) { _ in }
            // A rerun of the probe would fail: its table exists.
            try await withOpenDatabase(configuration, migrations: migrations) { database async throws in
                #expect(try await appliedVersions(database) == Self.coreVersions + [Self.nextVersion])
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func anAppendedMigrationIsAppliedOnTheNextOpen(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration) { _ in }
            try await withOpenDatabase(configuration, migrations: BridgeDatabase.coreMigrations + [Self.probeMigration]) {
                database async throws in
                #expect(try await appliedVersions(database) == Self.coreVersions + [Self.nextVersion])
                try await database.sql.insert(into: "probe").columns("id").values(SQLBind(7)).run()
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aDatabaseNewerThanTheCodeIsRefused(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration, migrations: BridgeDatabase.coreMigrations + [Self.probeMigration]) { _ in }
            let error = await #expect(throws: StorageError.self) {
                try await openDatabase(configuration)
            }
            #expect(error == .databaseNewerThanCode(database: Self.nextVersion, code: Self.nextVersion - 1))
            let advice = error?.description ?? ""
            #expect(advice.contains("Upgrade the bridge") && advice.contains("restore a backup"))
            // The refused database is untouched: the newer code still opens it.
            try await withOpenDatabase(configuration, migrations: BridgeDatabase.coreMigrations + [Self.probeMigration]) {
                database async throws in
                #expect(try await appliedVersions(database) == Self.coreVersions + [Self.nextVersion])
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aFailingMigrationIsRolledBackEntirely(backend: StorageBackend) async throws {
        struct Boom: Error {}
        let failing = Migration(version: Self.nextVersion, name: "fails half-way") { db, _ in
            try await db.create(table: "half_done").column("id", type: .bigint).run()
            throw Boom()
        }
        try await withFreshConfiguration(backend) { configuration async throws in
            await #expect(throws: Boom.self) {
                try await openDatabase(configuration, migrations: BridgeDatabase.coreMigrations + [failing])
            }
            try await withOpenDatabase(configuration) { database async throws in
                #expect(try await appliedVersions(database) == Self.coreVersions)
                // Its table was rolled back with it (DDL is transactional on both engines).
                try await database.sql.create(table: "half_done").column("id", type: .bigint).run()
            }
        }
    }

    @Test(arguments: [[1, 3], [2], [1, 1], [0, 1]])
    func aMalformedMigrationListIsRefused(versions: [Int]) async throws {
        let migrations = versions.map { Migration(version: $0, name: "m\($0)") { _, _ in } }
        await #expect(throws: StorageError.self) {
            try await openDatabase(.sqlite(path: ":memory:"), migrations: migrations)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func migrationsSeeTheirEngine(backend: StorageBackend) async throws {
        let seen = Mutex<SQLDialectKind?>(nil)
        let probe = Migration(version: Self.nextVersion, name: "record dialect") { _, dialect in seen.withLock { $0 = dialect } }
        try await withDatabase(backend, migrations: BridgeDatabase.coreMigrations + [probe]) { database async throws in
            #expect(seen.withLock { $0 } == database.dialect)
            #expect(database.dialectName == backend.rawValue)
            #expect(database.isPostgres == (backend == .postgres))
        }
    }
}
