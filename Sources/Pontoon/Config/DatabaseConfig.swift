extension BridgeConfig {
    /// `database:` — where the bridge keeps its state.
    public struct Database: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
        /// Which SQL engine.
        public enum Kind: String, Codable, Sendable, CaseIterable {
            /// An embedded SQLite file; `uri` is its path.
            case sqlite
            /// PostgreSQL; `uri` is a `postgres://user:password@host/db` URL.
            case postgres

            static let choices: [(name: String, value: Kind)] = allCases.map { ($0.rawValue, $0) }
        }

        public var type: Kind
        /// A file path for SQLite, a connection URL for PostgreSQL.
        public var uri: String

        public init(type: Kind, uri: String) {
            self.type = type
            self.uri = uri
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case type, uri }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            type = try section.choice(.type, Kind.choices, default: .sqlite)
            uri = try section.value(.uri, default: section.defaults.databaseURI)
        }

        /// A PostgreSQL URL may hold a password, so only the engine is shown.
        public var description: String { "Database(type: \(type.rawValue), uri: <redacted>)" }
        public var debugDescription: String { description }
    }
}
