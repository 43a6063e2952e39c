import Logging
import SQLKit
import Synchronization

/// The bridge's database: a connection pool on SQLite or PostgreSQL, migrated to the current schema.
///
/// Open it once at start-up with ``open(_:migrations:logger:)`` and ``close()`` it at shutdown. Stores
/// (``KeyValueStore``, ``TransactionJournal``, …) are small structs over it.
public final class BridgeDatabase: Sendable {
    /// Which engine this database runs on.
    public let dialect: SQLDialectKind
    /// What was opened; its description masks passwords.
    public let configuration: DatabaseConfiguration
    private let backend: any DatabaseBackend
    /// SQLite has one writer at a time: transactions queue here rather than in SQLite's busy loop.
    private let writerGate: WriterGate?
    private let isClosed = Mutex(false)
    private let logger: Logger

    /// The databases whose transaction body the current task is running, to refuse nesting (it would deadlock).
    @TaskLocal private static var openTransactions: Set<ObjectIdentifier> = []

    init(
        configuration: DatabaseConfiguration,
        backend: any DatabaseBackend,
        logger: Logger
    ) {
        self.configuration = configuration
        self.dialect = configuration.dialect
        self.backend = backend
        self.writerGate = configuration.dialect == .sqlite ? WriterGate() : nil
        self.logger = logger
    }

    deinit {
        let wasClosed = isClosed.withLock { $0 }
        if !wasClosed {
            logger.warning("BridgeDatabase released without close(); closing its connections in the background")
            backend.shutdownWithoutWaiting()
        }
    }

    /// Runs single statements, each on some pooled connection (autocommit). For several statements that must
    /// succeed or fail together, use ``transaction(isolation:_:)``.
    public var sql: any SQLDatabase { backend.sql }

    /// `"sqlite"` or `"postgres"`.
    public var dialectName: String { dialect.rawValue }

    /// Whether this database runs on PostgreSQL.
    public var isPostgres: Bool { dialect == .postgres }

    /// Runs `body` in one database transaction on one connection: committed if `body` returns, rolled back if
    /// it throws (or the commit fails). When this returns, the commit is durable.
    ///
    /// Run every statement of the transaction on the `db` passed to `body`, not on ``sql`` (that is another
    /// connection, outside the transaction; on SQLite a write there waits for this transaction to end).
    /// Transactions do not nest: calling this from inside `body` throws ``StorageError/nestedTransaction``.
    public func transaction<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (any SQLDatabase) async throws -> T
    ) async throws -> T {
        guard !isClosed.withLock({ $0 }) else { throw StorageError.closed }
        let id = ObjectIdentifier(self)
        let open = Self.openTransactions
        guard !open.contains(id) else { throw StorageError.nestedTransaction }

        await writerGate?.acquire()
        do {
            let result = try await backend.withDedicatedConnection(isolation: isolation) { connection in
                try await connection.sql.raw(dialect.beginTransaction).run()
                let result: T
                do {
                    result = try await Self.$openTransactions.withValue(open.union([id])) {
                        try await body(connection.sql)
                    }
                } catch {
                    await rollBack(connection)
                    throw error
                }
                do {
                    try await connection.sql.raw("COMMIT").run()
                } catch {
                    await rollBack(connection)
                    throw error
                }
                return result
            }
            await writerGate?.release()
            return result
        } catch {
            await writerGate?.release()
            throw error
        }
    }

    /// Closes every connection (and, for SQLite, the threads running them). Call it once all work is done;
    /// closing twice is harmless.
    public func close() async throws {
        let wasClosed = isClosed.withLock { closed in
            defer { closed = true }
            return closed
        }
        guard !wasClosed else { return }
        await backend.shutdown()
        logger.debug("database closed", metadata: ["database": "\(configuration)"])
    }

    /// A connection whose transaction state is unknown is closed rather than handed to the next user.
    private func rollBack(_ connection: DedicatedConnection) async {
        do {
            try await connection.sql.raw("ROLLBACK").run()
        } catch {
            logger.warning("rollback failed; dropping the connection", metadata: ["error": "\(error)"])
            await connection.discard()
        }
    }
}
