import SQLKit

/// What every core store runs on: the database, and where its statements go — the pool (each statement on its
/// own) or the connection of a transaction the caller opened, so that the store's writes commit with it.
struct CoreStoreContext: Sendable {
    let database: BridgeDatabase
    let sql: any SQLDatabase
    /// Whether `sql` belongs to a caller's transaction. Multi-statement operations then run on it rather than
    /// opening a transaction of their own, which would throw (transactions do not nest).
    private let inCallerTransaction: Bool

    init(database: BridgeDatabase) {
        self.database = database
        self.sql = database.sql
        self.inCallerTransaction = false
    }

    private init(database: BridgeDatabase, transaction: any SQLDatabase) {
        self.database = database
        self.sql = transaction
        self.inCallerTransaction = true
    }

    /// The same context, running every statement on `transaction` (the `db` of a `BridgeDatabase.transaction`).
    func within(_ transaction: any SQLDatabase) -> Self {
        Self(database: database, transaction: transaction)
    }

    /// Runs `body` atomically: in a transaction of its own, or in the caller's.
    func atomically<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        if inCallerTransaction { return try await body(sql) }
        return try await database.transaction(isolation: isolation) { db in try await body(db) }
    }
}
