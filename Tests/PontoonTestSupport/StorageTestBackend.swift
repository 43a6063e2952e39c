import Foundation
import Logging
import PontoonStorage
import Testing

/// The engines every store test runs on.
public enum StorageBackend: String, CaseIterable, Sendable, CustomTestStringConvertible {
    case sqlite
    case postgres

    public var testDescription: String { rawValue }
}

/// A logger that keeps test output readable: warnings and errors only.
public let quietLogger: Logger = {
    var logger = Logger(label: "pontoon.storage.test")
    logger.logLevel = .warning
    return logger
}()

/// Runs `body` with the configuration of a new, empty database (an SQLite file in a temporary folder, or a
/// database of its own on the test PostgreSQL), removed afterwards.
public func withFreshConfiguration<T>(
    _ backend: StorageBackend,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (DatabaseConfiguration) async throws -> T
) async throws -> T {
    switch backend {
    case .sqlite:
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("pontoon-storage-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        return try await body(.sqlite(path: folder.appendingPathComponent("bridge.db").path))
    case .postgres:
        return try await PostgresTestDatabase.withFreshDatabase(body)
    }
}

/// Opens `configuration` with a quiet logger.
public func openDatabase(
    _ configuration: DatabaseConfiguration,
    migrations: [Migration] = BridgeDatabase.coreMigrations
) async throws -> BridgeDatabase {
    try await BridgeDatabase.open(configuration, migrations: migrations, logger: quietLogger)
}

/// Runs `body` on a new database of `backend`, migrated with `migrations`, and closes it afterwards.
public func withDatabase<T>(
    _ backend: StorageBackend,
    migrations: [Migration] = BridgeDatabase.coreMigrations,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (BridgeDatabase) async throws -> T
) async throws -> T {
    try await withFreshConfiguration(backend) { configuration in
        try await withOpenDatabase(configuration, migrations: migrations, body)
    }
}

/// Opens `configuration`, runs `body`, and closes the database on every path.
public func withOpenDatabase<T>(
    _ configuration: DatabaseConfiguration,
    migrations: [Migration] = BridgeDatabase.coreMigrations,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (BridgeDatabase) async throws -> T
) async throws -> T {
    let database = try await openDatabase(configuration, migrations: migrations)
    do {
        let result = try await body(database)
        try await database.close()
        return result
    } catch {
        try? await database.close()
        throw error
    }
}
