import Logging
import SQLiteKit

/// Opens SQLite connections for the pool, each set up the way the bridge's durability promise needs.
struct SQLiteConnectionSetup: ConnectionPoolSource, Sendable {
    let storage: SQLiteConnection.Storage
    let threadPool: NIOThreadPool

    /// How long a statement waits for another process's write lock before failing with SQLITE_BUSY.
    static let busyTimeoutMilliseconds = 10_000

    /// Applied to every new connection, in this order:
    /// - `busy_timeout` first, so the others wait for a lock instead of failing. It also replaces SQLiteNIO's
    ///   default busy handler, which retries forever without sleeping.
    /// - `foreign_keys`: off by default in SQLite, and per connection.
    /// - `journal_mode = WAL`: readers do not block the writer; stored in the file, so this is a no-op after the
    ///   first connection.
    /// - `synchronous = FULL`: the WAL is synced on every commit, so a commit that returned survives power loss.
    ///   NORMAL (the usual WAL pairing) may lose the last commits on power loss, and the bridge answers the
    ///   homeserver only after a transaction is durably stored.
    static let pragmas = [
        "PRAGMA busy_timeout = \(busyTimeoutMilliseconds)",
        "PRAGMA foreign_keys = ON",
        "PRAGMA journal_mode = WAL",
        "PRAGMA synchronous = FULL",
    ]

    func makeConnection(logger: Logger, on eventLoop: any EventLoop) -> EventLoopFuture<SQLiteConnection> {
        let storage = self.storage
        let threadPool = self.threadPool
        return eventLoop.makeFutureWithTask {
            let connection = try await SQLiteConnection.open(
                storage: storage, threadPool: threadPool, logger: logger, on: eventLoop)
            do {
                for pragma in Self.pragmas {
                    _ = try await connection.query(pragma)
                }
            } catch {
                try? await connection.close()
                throw error
            }
            return connection
        }
    }
}
