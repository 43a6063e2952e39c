import Foundation
import SQLKit

/// Small named values (settings, cursors, flags) in the `kv` table, as bytes or UTF-8 text.
public struct KeyValueStore: Sendable {
    static let table = "kv"
    private let database: BridgeDatabase

    public init(database: BridgeDatabase) {
        self.database = database
    }

    /// The bytes stored under `key`, or nil if there are none.
    public func data(forKey key: String) async throws -> Data? {
        let row = try await database.sql.select()
            .column("value")
            .from(Self.table)
            .where("key", .equal, SQLBind(key))
            .first()
        guard let row else { return nil }
        // SQLite stores an empty value as NULL (see migration 1).
        return try row.decode(column: "value", as: Data?.self) ?? Data()
    }

    /// The text stored under `key`, or nil if there is none.
    ///
    /// - Throws: ``StorageError/corruptValue(_:)`` if the stored bytes are not UTF-8.
    public func string(forKey key: String) async throws -> String? {
        guard let data = try await data(forKey: key) else { return nil }
        guard let text = String(validating: data, as: UTF8.self) else {
            throw StorageError.corruptValue("kv value under \"\(key)\" is not UTF-8 text")
        }
        return text
    }

    /// Stores `value` under `key`, replacing what was there.
    public func set(_ value: Data, forKey key: String) async throws {
        try await database.sql.insert(into: Self.table)
            .columns("key", "value")
            .values(SQLBind(key), SQLBind(value))
            .onConflict(with: ["key"]) { $0.set(excludedValueOf: "value") }
            .run()
    }

    /// Stores `value` as UTF-8 under `key`, replacing what was there.
    public func set(_ value: String, forKey key: String) async throws {
        try await set(Data(value.utf8), forKey: key)
    }

    /// Removes `key`; removing a missing key is not an error.
    public func delete(key: String) async throws {
        try await database.sql.delete(from: Self.table)
            .where("key", .equal, SQLBind(key))
            .run()
    }
}
