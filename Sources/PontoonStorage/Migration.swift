import SQLKit

/// One numbered step of the bridge's SQL schema.
///
/// Versions run 1, 2, 3… with no gaps. `BridgeDatabase.open` applies, in order and each in its own transaction,
/// every migration above the database's current version, and records it in `pontoon_schema_version`.
///
/// To add one, append to ``BridgeDatabase/coreMigrations`` (CoreMigrations.swift) a migration with the next
/// version, defined in its own file like `CoreMigration1.swift`:
///
/// ```swift
/// static let migration2 = Migration(version: 2, name: "portals") { db, dialect in
///     try await db.create(table: "portal")
///         .column("id", type: .text, .primaryKey(autoIncrement: false), .notNull)
///         .column("avatar", type: dialect.bytesType)
///         .run()
/// }
/// ```
///
/// Rules: never edit, renumber or remove a migration that has shipped (databases in the field have run it;
/// fix mistakes with a new one); build SQL with SQLKit so it runs on SQLite and PostgreSQL alike, and when the
/// SQL text must differ, add a member to ``SQLDialectKind`` instead of branching inline; run every statement on
/// the `db` passed in (it is the migration's transaction).
public struct Migration: Sendable {
    /// The schema version this migration brings the database to.
    public let version: Int
    /// A short name for logs and the `pontoon_schema_version` table.
    public let name: String
    /// Applies the change, on the migration's transaction.
    public let up: @Sendable (any SQLDatabase, SQLDialectKind) async throws -> Void

    public init(
        version: Int,
        name: String,
        up: @escaping @Sendable (any SQLDatabase, SQLDialectKind) async throws -> Void
    ) {
        self.version = version
        self.name = name
        self.up = up
    }
}
