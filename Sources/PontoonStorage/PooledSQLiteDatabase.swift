import Logging
import SQLiteKit

/// An `SQLiteDatabase` that runs each query on a connection borrowed from the pool, like PostgresKit's pooled
/// database; SQLiteKit has no such type. `sql()` on it gives the bridge's shared `SQLDatabase`.
struct PooledSQLiteDatabase: SQLiteDatabase {
    let pool: SharedConnectionPool<SQLiteConnectionSetup>
    let logger: Logger

    var eventLoop: any EventLoop { pool.pool.eventLoopGroup.any() }

    func query(
        _ query: String,
        _ binds: [SQLiteData],
        logger: Logger,
        _ onRow: @escaping @Sendable (SQLiteRow) -> Void
    ) -> EventLoopFuture<Void> {
        pool.pool.withConnection(logger: logger) { $0.query(query, binds, logger: logger, onRow) }
    }

    func withConnection<T>(
        _ closure: @escaping @Sendable (SQLiteConnection) -> EventLoopFuture<T>
    ) -> EventLoopFuture<T> {
        pool.pool.withConnection(logger: logger, closure)
    }
}
