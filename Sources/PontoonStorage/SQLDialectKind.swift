import SQLKit

/// Which SQL engine a database runs on.
///
/// Storage code uses SQLKit builders, which produce the right SQL for both engines. The few places where the
/// SQL text itself must differ are the members of this type, so that every dialect branch lives in one file.
public enum SQLDialectKind: String, Sendable, Hashable, CaseIterable {
    case sqlite
    case postgres

    /// The column type for raw bytes.
    public var bytesType: SQLDataType {
        switch self {
        case .sqlite: return .custom(SQLRaw("BLOB"))
        case .postgres: return .custom(SQLRaw("BYTEA"))
        }
    }

    /// The type and constraints of a 64-bit key that the database numbers itself, never reusing a number
    /// (SQLite needs AUTOINCREMENT for that: a plain INTEGER PRIMARY KEY can reuse the highest deleted rowid).
    public var autoIncrementingKey: (type: SQLDataType, constraints: [SQLColumnConstraintAlgorithm]) {
        switch self {
        case .sqlite: return (.custom(SQLRaw("INTEGER")), [.custom(SQLRaw("PRIMARY KEY AUTOINCREMENT"))])
        case .postgres: return (.custom(SQLRaw("BIGSERIAL")), [.primaryKey(autoIncrement: false)])
        }
    }

    /// The statement that opens a transaction. SQLite takes the write lock up front (IMMEDIATE) so that a
    /// transaction never fails half-way when upgrading a read lock to a write lock.
    var beginTransaction: SQLQueryString {
        switch self {
        case .sqlite: return "BEGIN IMMEDIATE"
        case .postgres: return "BEGIN"
        }
    }

    /// A statement, run first inside a transaction, that keeps other processes from migrating the same
    /// database at the same time (PostgreSQL: a transaction-scoped advisory lock, released at commit; it also
    /// covers creating the version table, which `CREATE TABLE IF NOT EXISTS` alone does not make race-free).
    /// SQLite needs none: `BEGIN IMMEDIATE` already holds the database's only write lock.
    var migrationLock: SQLQueryString? {
        switch self {
        case .sqlite: return nil
        case .postgres: return "SELECT pg_advisory_xact_lock(\(literal: Self.migrationLockKey))"
        }
    }

    /// "PONTOON" in ASCII: an arbitrary advisory-lock key, unlikely to collide with another application's.
    private static let migrationLockKey = 0x50_4F_4E_54_4F_4F_4E

    /// The largest number of bound parameters one statement may carry (SQLite's default limit is 32 766,
    /// PostgreSQL's 65 535); multi-row inserts are split to stay under it.
    var maxBindsPerStatement: Int {
        switch self {
        case .sqlite: return 32_000
        case .postgres: return 65_000
        }
    }
}
