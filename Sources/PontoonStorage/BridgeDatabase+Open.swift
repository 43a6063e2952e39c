import Logging
import PostgresKit
import SQLiteKit

extension BridgeDatabase {
    /// Opens the database, checks that it is reachable, and applies `migrations` it has not run yet.
    ///
    /// - Throws: ``StorageError/databaseNewerThanCode(database:code:)`` when a newer bridge already migrated it,
    ///   ``StorageError/cannotOpen(_:)`` when it cannot be reached, or the error of a failed migration (that
    ///   migration is rolled back; earlier ones stay applied).
    public static func open(
        _ configuration: DatabaseConfiguration,
        migrations: [Migration] = BridgeDatabase.coreMigrations,
        logger: Logger
    ) async throws -> BridgeDatabase {
        let backend: any DatabaseBackend
        switch configuration {
        case .sqlite(let path):
            backend = try await openSQLite(path: path, logger: logger)
        case .postgres(let url):
            backend = try await openPostgres(url: url, logger: logger)
        }
        let database = BridgeDatabase(configuration: configuration, backend: backend, logger: logger)
        do {
            try await Migrator.run(migrations, on: database, logger: logger)
        } catch {
            try? await database.close()
            throw error
        }
        logger.info("database ready", metadata: ["database": "\(configuration)"])
        return database
    }

    /// Connections in the SQLite pool. WAL lets readers run beside the one writer; more would only wait.
    private static let sqliteConnections = 4
    /// Connections per event loop in the PostgreSQL pool, aiming at about this many in total.
    private static let postgresConnectionBudget = 10
    /// How long a caller waits for a free pooled connection; long, as a big transaction may hold one a while.
    private static let connectionRequestTimeout = TimeAmount.seconds(60)
    /// Queries are logged (with their binds) at this level only.
    private static let queryLogLevel = Logger.Level.trace

    private static func openSQLite(path: String, logger: Logger) async throws -> any DatabaseBackend {
        let inMemory = path == ":memory:"
        // An in-memory database lives in one connection; a second connection would see another, empty one.
        let connections = inMemory ? 1 : sqliteConnections
        // One thread per connection: a statement waiting on another process's lock (busy_timeout) holds its
        // thread, and must not starve the connection that holds the lock.
        let threadPool = NIOThreadPool(numberOfThreads: connections)
        threadPool.start()
        let source = SQLiteConnectionSetup(storage: inMemory ? .memory : .file(path: path), threadPool: threadPool)
        let pool = SharedConnectionPool(pool: EventLoopGroupConnectionPool(
            source: source,
            maxConnectionsPerEventLoop: connections,
            requestTimeout: connectionRequestTimeout,
            logger: logger,
            on: MultiThreadedEventLoopGroup.singleton.next()
        ))
        let backend = PooledBackend(
            pool: pool,
            sql: PooledSQLiteDatabase(pool: pool, logger: logger).sql(queryLogLevel: queryLogLevel),
            ownedThreadPool: threadPool,
            logger: logger,
            makeSQL: { $0.sql(queryLogLevel: queryLogLevel) }
        )
        do {
            // Open every connection the pool may use now. The pool keeps idle connections, so none is
            // opened later, and close() can't race a connection still being opened (one finishing after
            // the thread pool stopped would never be closed: SQLiteNIO asserts on that in debug builds).
            var warmed: [SQLiteConnection] = []
            do {
                for _ in 0..<connections {
                    warmed.append(try await pool.pool.requestConnection(logger: logger).get())
                }
            } catch {
                warmed.forEach { pool.pool.releaseConnection($0, logger: logger) }
                throw error
            }
            warmed.forEach { pool.pool.releaseConnection($0, logger: logger) }
            let row = try await backend.sql.raw("PRAGMA journal_mode").first()
            let mode = try row?.decode(column: "journal_mode", as: String.self) ?? "unknown"
            if !inMemory, mode.lowercased() != "wal" {
                logger.warning("SQLite did not enable WAL; concurrent reads will wait for writes",
                               metadata: ["journal_mode": "\(mode)", "path": "\(path)"])
            }
        } catch {
            await backend.shutdown()
            throw StorageError.cannotOpen("SQLite database \(path): \(error) (does its folder exist and is it writable?)")
        }
        return backend
    }

    private static func openPostgres(url: String, logger: Logger) async throws -> any DatabaseBackend {
        let configuration: SQLPostgresConfiguration
        do {
            configuration = try SQLPostgresConfiguration(url: url)
        } catch {
            throw StorageError.cannotOpen("invalid PostgreSQL URL") // never echo it: it may hold a password
        }
        let group = MultiThreadedEventLoopGroup.singleton
        let loops = Array(group.makeIterator()).count
        let pool = SharedConnectionPool(pool: EventLoopGroupConnectionPool(
            source: PostgresConnectionSource(sqlConfiguration: configuration),
            maxConnectionsPerEventLoop: max(1, postgresConnectionBudget / max(loops, 1)),
            requestTimeout: connectionRequestTimeout,
            logger: logger,
            on: group
        ))
        let backend = PooledBackend(
            pool: pool,
            sql: pool.pool.database(logger: logger).sql(queryLogLevel: queryLogLevel),
            ownedThreadPool: nil,
            logger: logger,
            makeSQL: { $0.sql(queryLogLevel: queryLogLevel) }
        )
        do {
            try await backend.sql.raw("SELECT 1").run()
        } catch {
            await backend.shutdown()
            let core = configuration.coreConfiguration
            let target = "\(core.host ?? "?"):\(core.port.map(String.init) ?? "?")/\(core.database ?? "")"
            throw StorageError.cannotOpen("PostgreSQL at \(target): \(String(reflecting: error))")
        }
        return backend
    }
}
