import Foundation
import PostgresKit

/// Where the bridge keeps its data: an SQLite file (the default) or a PostgreSQL database.
///
/// Build it from the config file with ``init(type:uri:)``; its `description` never shows a password.
public enum DatabaseConfiguration: Sendable, Equatable, CustomStringConvertible {
    /// An SQLite database file; `":memory:"` is a private in-memory database (tests only: it is gone on close).
    case sqlite(path: String)
    /// A PostgreSQL URL, `postgres://user:password@host:port/database?sslmode=disable`.
    case postgres(url: String)

    /// The config keys this type is read from, named in every error.
    public static let typeKey = "database.type"
    public static let uriKey = "database.uri"

    /// Reads the `database.type` (`sqlite` or `postgres`) and `database.uri` config values.
    ///
    /// For SQLite the URI is a file path, `sqlite:///absolute/path`, `sqlite:relative/path` or a `file:` URI;
    /// for PostgreSQL a `postgres://` (or `postgresql://`) URL.
    public init(type: String?, uri: String?) throws(DatabaseConfigurationError) {
        let kind = try Self.parseType(type)
        guard let uri = uri?.trimmingCharacters(in: .whitespacesAndNewlines), !uri.isEmpty else {
            throw DatabaseConfigurationError(
                key: Self.uriKey,
                reason: kind == .sqlite
                    ? "missing: set it to the database file, e.g. /var/lib/pontoon/bridge.db"
                    : "missing: set it to a URL like postgres://user:password@host:5432/database?sslmode=disable"
            )
        }
        guard !uri.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw DatabaseConfigurationError(key: Self.uriKey, reason: "contains control characters")
        }
        switch kind {
        case .sqlite: self = .sqlite(path: try Self.parseSQLitePath(uri))
        case .postgres: self = .postgres(url: try Self.validatePostgresURL(uri))
        }
    }

    /// The SQL engine this configuration opens.
    public var dialect: SQLDialectKind {
        switch self {
        case .sqlite: return .sqlite
        case .postgres: return .postgres
        }
    }

    /// Safe to log: the PostgreSQL password is masked.
    public var description: String {
        switch self {
        case .sqlite(let path):
            return "sqlite \(path)"
        case .postgres(let url):
            guard var components = URLComponents(string: url) else { return "postgres (unparsable URL)" }
            if components.password != nil { components.password = "***" }
            return "postgres \(components.string ?? "(unprintable URL)")"
        }
    }

    private static func parseType(_ type: String?) throws(DatabaseConfigurationError) -> SQLDialectKind {
        guard let type = type?.trimmingCharacters(in: .whitespacesAndNewlines), !type.isEmpty else {
            throw DatabaseConfigurationError(key: typeKey, reason: "missing: set it to sqlite or postgres")
        }
        switch type.lowercased() {
        case "sqlite", "sqlite3": return .sqlite
        case "postgres", "postgresql": return .postgres
        default:
            throw DatabaseConfigurationError(
                key: typeKey, reason: "unknown database type \(quoted(type)): use sqlite or postgres")
        }
    }

    private static func parseSQLitePath(_ uri: String) throws(DatabaseConfigurationError) -> String {
        if uri == ":memory:" { return uri }
        let lowercased = uri.lowercased()
        if lowercased.hasPrefix("postgres:") || lowercased.hasPrefix("postgresql:") {
            throw DatabaseConfigurationError(
                key: uriKey, reason: "is a PostgreSQL URL, but \(typeKey) is sqlite: set \(typeKey) to postgres")
        }
        let path: String
        if lowercased.hasPrefix("file:") {
            path = try fileURIPath(uri)
        } else if lowercased.hasPrefix("sqlite:") {
            var rest = uri.dropFirst("sqlite:".count)
            if rest.hasPrefix("//") { rest = rest.dropFirst(2) }
            guard !rest.contains("?") else { throw unsupportedOptions() }
            path = String(rest)
        } else {
            path = uri
        }
        guard !path.isEmpty else {
            throw DatabaseConfigurationError(key: uriKey, reason: "has no file path")
        }
        guard !path.hasSuffix("/") else {
            throw DatabaseConfigurationError(key: uriKey, reason: "names a folder, not a database file")
        }
        return path
    }

    /// `file:/abs`, `file:///abs`, `file://localhost/abs` and `file:relative`, percent-decoded.
    private static func fileURIPath(_ uri: String) throws(DatabaseConfigurationError) -> String {
        guard let components = URLComponents(string: uri) else {
            throw DatabaseConfigurationError(key: uriKey, reason: "is not a valid file: URI")
        }
        guard components.query == nil, components.fragment == nil else { throw unsupportedOptions() }
        if let host = components.host, !host.isEmpty, host.lowercased() != "localhost" {
            throw DatabaseConfigurationError(key: uriKey, reason: "file: URIs on another host are not supported")
        }
        return components.path
    }

    private static func unsupportedOptions() -> DatabaseConfigurationError {
        DatabaseConfigurationError(
            key: uriKey,
            reason: "SQLite options in the URI (?…) are not supported: the bridge sets WAL, synchronous, "
                + "busy timeout and foreign keys itself; give just the path")
    }

    private static func validatePostgresURL(_ uri: String) throws(DatabaseConfigurationError) -> String {
        let example = "postgres://user:password@host:5432/database?sslmode=disable"
        guard let components = URLComponents(string: uri), let scheme = components.scheme?.lowercased() else {
            throw DatabaseConfigurationError(key: uriKey, reason: "is not a URL: expected \(example)")
        }
        guard ["postgres", "postgresql"].contains(scheme) else {
            throw DatabaseConfigurationError(
                key: uriKey, reason: "must start with postgres:// when \(typeKey) is postgres, e.g. \(example)")
        }
        guard let host = components.host, !host.isEmpty else {
            throw DatabaseConfigurationError(key: uriKey, reason: "has no host: expected \(example)")
        }
        guard let user = components.user, !user.isEmpty else {
            throw DatabaseConfigurationError(key: uriKey, reason: "has no user name: expected \(example)")
        }
        // The URL itself is never echoed: it may carry a password.
        do {
            _ = try SQLPostgresConfiguration(url: uri)
        } catch {
            throw DatabaseConfigurationError(
                key: uriKey,
                reason: "is not a valid PostgreSQL URL (check the port and sslmode: disable, prefer or require), "
                    + "expected \(example)")
        }
        return uri
    }

    private static func quoted(_ value: String) -> String {
        let shown = value.count > 40 ? value.prefix(40) + "…" : Substring(value)
        return "\"\(shown)\""
    }
}

/// A `database.*` config value the bridge cannot use; `key` names it.
public struct DatabaseConfigurationError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The config key at fault, e.g. `database.uri`.
    public let key: String
    /// What is wrong with it and how to fix it (never the value of a secret).
    public let reason: String

    public init(key: String, reason: String) {
        self.key = key
        self.reason = reason
    }

    public var description: String { "\(key) \(reason)" }
}
