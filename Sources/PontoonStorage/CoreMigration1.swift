import SQLKit

/// Migration 1: the key-value table and the appservice transaction journal.
///
/// Table names are literals on purpose: a shipped migration must not change when code is renamed.
enum CoreMigration1 {
    static let migration = Migration(version: 1, name: "kv and appservice transaction journal") { db, dialect in
        // Bytes columns allow NULL: SQLite binds an empty blob as NULL, and readers map NULL back to empty.
        try await db.create(table: "kv")
            .column("key", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("value", type: dialect.bytesType)
            .run()

        // One row per homeserver transaction ID ever accepted: the dedupe record.
        try await db.create(table: "appservice_txn")
            .column("txn_id", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("received_at", type: .bigint, .notNull)
            .run()
        try await db.create(index: "appservice_txn_received_at")
            .on("appservice_txn")
            .column("received_at")
            .run()

        // The events of accepted transactions, until the bridge has handled them.
        let key = dialect.autoIncrementingKey
        try await db.create(table: "appservice_inbox")
            .column("seq", type: key.type, key.constraints)
            .column("txn_id", type: .text, .notNull)
            .column("kind", type: .text, .notNull)
            .column("payload", type: dialect.bytesType)
            .column("received_at", type: .bigint, .notNull)
            .run()
    }
}
