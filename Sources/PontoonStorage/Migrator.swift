import Foundation
import Logging
import SQLKit

/// Brings a database up to the newest schema the code knows, or refuses a database newer than the code.
enum Migrator {
    static let versionTable = "pontoon_schema_version"

    static func run(_ migrations: [Migration], on database: BridgeDatabase, logger: Logger) async throws {
        try validate(migrations)
        let codeVersion = migrations.last?.version ?? 0
        let startVersion = try await database.transaction { db in
            try await lockAgainstOtherMigrators(db, dialect: database.dialect)
            try await db.create(table: versionTable)
                .ifNotExists()
                .column("version", type: .bigint, .primaryKey(autoIncrement: false), .notNull)
                .column("name", type: .text, .notNull)
                .column("applied_at", type: .bigint, .notNull)
                .run()
            return try await currentVersion(db)
        }
        try refuseIfNewer(database: startVersion, code: codeVersion)
        for migration in migrations where migration.version > startVersion {
            let applied = try await database.transaction { db in
                // Another process may have migrated meanwhile: lock, then look again.
                try await lockAgainstOtherMigrators(db, dialect: database.dialect)
                let version = try await currentVersion(db)
                try refuseIfNewer(database: version, code: codeVersion)
                guard version < migration.version else { return false }
                try await migration.up(db, database.dialect)
                try await db.insert(into: versionTable)
                    .columns("version", "name", "applied_at")
                    .values(SQLBind(migration.version), SQLBind(migration.name), SQLBind(Timestamp.now()))
                    .run()
                return true
            }
            if applied {
                logger.info("applied database migration", metadata: [
                    "version": "\(migration.version)", "name": "\(migration.name)",
                ])
            }
        }
    }

    /// The highest applied version, 0 for a new database.
    static func currentVersion(_ db: any SQLDatabase) async throws -> Int {
        let row = try await db.select()
            .column(SQLFunction("MAX", args: SQLIdentifier("version")), as: "version")
            .from(versionTable)
            .first()
        return try row?.decode(column: "version", as: Int?.self) ?? 0
    }

    private static func lockAgainstOtherMigrators(_ db: any SQLDatabase, dialect: SQLDialectKind) async throws {
        if let lock = dialect.migrationLock {
            try await db.raw(lock).run()
        }
    }

    private static func refuseIfNewer(database: Int, code: Int) throws {
        if database > code { throw StorageError.databaseNewerThanCode(database: database, code: code) }
    }

    private static func validate(_ migrations: [Migration]) throws {
        for (index, migration) in migrations.enumerated() {
            guard migration.version == index + 1 else {
                throw StorageError.invalidMigrations(
                    "migration \"\(migration.name)\" at position \(index + 1) has version \(migration.version); "
                        + "versions must be 1, 2, 3… in order")
            }
            guard !migration.name.isEmpty else {
                throw StorageError.invalidMigrations("migration \(migration.version) has no name")
            }
        }
    }
}

/// Times are stored as BIGINT milliseconds since 1970 (UTC): the same on both engines, sortable, exact.
enum Timestamp {
    static func now() -> Int64 { milliseconds(Date()) }

    static func milliseconds(_ date: Date) -> Int64 {
        Int64((date.timeIntervalSince1970 * 1000).rounded(.down))
    }

    static func date(_ milliseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(milliseconds) / 1000)
    }
}
