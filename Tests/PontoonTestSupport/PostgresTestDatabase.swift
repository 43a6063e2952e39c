import Foundation
import Logging
import PontoonStorage
import Testing

/// The throwaway PostgreSQL that `scripts/postgres.sh start` runs, and a fresh database on it for each test.
///
/// The server is found through `PONTOON_TEST_POSTGRES_URL` (`scripts/test.sh` sets it; by hand:
/// `scripts/postgres.sh start && source .rig/postgres/env`). Without it a PostgreSQL test is skipped with a
/// note, or fails when `PONTOON_REQUIRE_RIG=1` (as under `scripts/test.sh`), so a CI run cannot pass by
/// silently skipping the PostgreSQL path.
public enum PostgresTestDatabase {
    public static let environmentKey = "PONTOON_TEST_POSTGRES_URL"

    /// The URL of the test server's maintenance database, if set.
    public static var serverURL: String? {
        guard let url = ProcessInfo.processInfo.environment[environmentKey], !url.isEmpty else { return nil }
        return url
    }

    private static let howToStart = "run the tests with scripts/test.sh (the README's test command), or start "
        + "PostgreSQL by hand: scripts/postgres.sh start && source .rig/postgres/env"

    /// Enables a test when the server is set, or when the rig is required (then a missing server fails it).
    /// Otherwise the test is reported as skipped with a note on how to run it; parameterised PostgreSQL test
    /// cases are cancelled quietly by ``requireServerURL()``, so put this on one test to show the note once.
    public static var serverTrait: ConditionTrait {
        .enabled(
            if: serverURL != nil || RigAvailability.isRequired,
            "PostgreSQL tests skipped: \(environmentKey) is not set; \(howToStart)")
    }

    /// The server URL; without one, ends the test: skipped (cancelled) normally, failed if the rig is required.
    public static func requireServerURL() throws -> String {
        if let serverURL { return serverURL }
        if RigAvailability.isRequired {
            throw RigError.missing("\(environmentKey) is not set but PONTOON_REQUIRE_RIG=1: \(howToStart)")
        }
        try Test.cancel("PostgreSQL test skipped: \(environmentKey) is not set; \(howToStart)")
    }

    /// Runs `body` with a new, empty database of its own on the test server, dropped afterwards (also when
    /// `body` throws), so tests can run in parallel. Close every `BridgeDatabase` on it before returning.
    public static func withFreshDatabase<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: (DatabaseConfiguration) async throws -> T
    ) async throws -> T {
        let serverURL = try requireServerURL()
        let name = "pontoon_t_" + UUID().uuidString.replacingOccurrences(of: "-", with: "").prefix(16).lowercased()
        guard var components = URLComponents(string: serverURL) else {
            throw RigError.failed("\(environmentKey) is not a URL")
        }
        components.path = "/" + name
        guard let databaseURL = components.string else { throw RigError.failed("cannot build a database URL") }

        let admin = try await AdminConnection.shared.database(serverURL: serverURL)
        try await admin.sql.raw("CREATE DATABASE \(ident: name)").run()
        let result: T
        do {
            result = try await body(.postgres(url: databaseURL))
        } catch {
            try? await drop(name, admin: admin)
            throw error
        }
        try await drop(name, admin: admin)
        return result
    }

    private static func drop(_ name: String, admin: BridgeDatabase) async throws {
        // FORCE ends connections a failed test may have left open.
        try await admin.sql.raw("DROP DATABASE IF EXISTS \(ident: name) WITH (FORCE)").run()
    }

    /// One pool on the maintenance database for the whole test process, to create and drop databases.
    /// It stays open until the process exits.
    private actor AdminConnection {
        static let shared = AdminConnection()
        /// A task, not a database, so that tests asking while the first open is under way share it.
        private var opening: (url: String, task: Task<BridgeDatabase, any Error>)?

        func database(serverURL: String) async throws -> BridgeDatabase {
            if let opening, opening.url == serverURL { return try await opening.task.value }
            let task = Task {
                var logger = Logger(label: "pontoon.test.postgres")
                logger.logLevel = .warning
                // No migrations: this pool only runs CREATE/DROP DATABASE.
                return try await BridgeDatabase.open(.postgres(url: serverURL), migrations: [], logger: logger)
            }
            opening = (serverURL, task)
            return try await task.value
        }
    }
}
