import Logging
import PostgresKit

/// AsyncKit's connection pool, marked `Sendable`.
///
/// `@unchecked` because `EventLoopGroupConnectionPool` predates `Sendable` annotations but is safe to share:
/// its shutdown flag is guarded by an `NIOLock`, and each per-event-loop pool confines its state to its own
/// event loop (every request and release hops there).
struct SharedConnectionPool<Source: ConnectionPoolSource>: @unchecked Sendable {
    let pool: EventLoopGroupConnectionPool<Source>
}

/// One pooled connection held exclusively, e.g. for a transaction.
struct DedicatedConnection: Sendable {
    /// Runs statements on this one connection.
    let sql: any SQLDatabase
    /// Closes the connection instead of returning it to the pool; for when its state is unknown (a failed
    /// rollback), so that no later user inherits a half-finished transaction.
    let discard: @Sendable () async -> Void
}

/// What `BridgeDatabase` needs from a backend: a shared `SQLDatabase`, a way to hold one connection, shutdown.
protocol DatabaseBackend: Sendable {
    var sql: any SQLDatabase { get }

    func withDedicatedConnection<T>(
        isolation: isolated (any Actor)?,
        _ body: (DedicatedConnection) async throws -> T
    ) async throws -> T

    /// Closes every connection, then anything else the backend started; waits for it.
    func shutdown() async

    /// The same, without waiting (from `deinit`).
    func shutdownWithoutWaiting()
}

/// A backend over an AsyncKit pool, generic over the driver.
final class PooledBackend<Source: ConnectionPoolSource>: DatabaseBackend where Source.Connection: Sendable {
    private let shared: SharedConnectionPool<Source>
    private let makeSQL: @Sendable (Source.Connection) -> any SQLDatabase
    /// A thread pool this backend started and must stop after its connections are closed (SQLite).
    private let ownedThreadPool: NIOThreadPool?
    private let logger: Logger
    let sql: any SQLDatabase

    init(
        pool: SharedConnectionPool<Source>,
        sql: any SQLDatabase,
        ownedThreadPool: NIOThreadPool?,
        logger: Logger,
        makeSQL: @escaping @Sendable (Source.Connection) -> any SQLDatabase
    ) {
        self.shared = pool
        self.sql = sql
        self.ownedThreadPool = ownedThreadPool
        self.logger = logger
        self.makeSQL = makeSQL
    }

    func withDedicatedConnection<T>(
        isolation: isolated (any Actor)?,
        _ body: (DedicatedConnection) async throws -> T
    ) async throws -> T {
        let pool = shared
        let logger = self.logger
        let connection = try await pool.pool.requestConnection(logger: logger).get()
        defer { pool.pool.releaseConnection(connection, logger: logger) }
        let dedicated = DedicatedConnection(sql: makeSQL(connection)) {
            try? await connection.close().get()
        }
        return try await body(dedicated)
    }

    func shutdown() async {
        do {
            try await shared.pool.shutdownAsync()
        } catch {
            logger.debug("connection pool shutdown: \(error)")
        }
        if let ownedThreadPool {
            do {
                try await ownedThreadPool.shutdownGracefully()
            } catch {
                logger.debug("thread pool shutdown: \(error)")
            }
        }
    }

    func shutdownWithoutWaiting() {
        let threadPool = ownedThreadPool
        shared.pool.shutdownGracefully { _ in
            threadPool?.shutdownGracefully { _ in }
        }
    }
}
