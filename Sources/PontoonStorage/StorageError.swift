/// Why the storage layer refused or failed an operation.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The database was migrated by a newer bridge than this one: its schema version is above every migration
    /// this code knows. Running on it could corrupt data the newer code relies on, so the bridge refuses to start.
    case databaseNewerThanCode(database: Int, code: Int)
    /// The migration list given to ``BridgeDatabase/open(_:migrations:logger:)`` is malformed (a programming error).
    case invalidMigrations(String)
    /// The database could not be opened or reached.
    case cannotOpen(String)
    /// ``BridgeDatabase/transaction(_:)`` was called from inside a transaction body of the same database.
    case nestedTransaction
    /// The database was used after ``BridgeDatabase/close()``.
    case closed
    /// A stored value did not have the expected shape.
    case corruptValue(String)

    public var description: String {
        switch self {
        case .databaseNewerThanCode(let database, let code):
            return "the database schema is at version \(database), but this bridge only knows versions up to \(code): "
                + "it was used by a newer version of the bridge. Upgrade the bridge to that version (or newer), "
                + "or restore a backup of the database taken before the upgrade. The database was not changed."
        case .invalidMigrations(let reason):
            return "invalid migration list: \(reason)"
        case .cannotOpen(let reason):
            return "cannot open the database: \(reason)"
        case .nestedTransaction:
            return "transaction() called inside a transaction body of the same database: "
                + "use the database handle passed to the body instead"
        case .closed:
            return "the database is closed"
        case .corruptValue(let reason):
            return "unexpected value in the database: \(reason)"
        }
    }
}
