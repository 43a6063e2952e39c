import SQLKit

/// Migration 3: the end-to-bridge encryption state of the bridge's Olm devices (what a `CryptoStore` keeps).
///
/// Every table starts with (`user_id`, `device_id`), the device that owns the row, so one database can hold
/// several devices without them seeing each other's keys. The rest of each primary key is the key the
/// `CryptoStore` protocol looks rows up by. Pickles are text: libolm pickles are base64, already encrypted with
/// the bridge's pickle key. Times are BIGINT milliseconds since 1970, message indexes and counts BIGINT (a
/// Megolm index is a UInt32, which INTEGER cannot hold on PostgreSQL). No foreign keys, as in migration 2: the
/// store deletes dependent rows (a room's share records) itself, in one transaction.
///
/// Table and column names are literals on purpose: a shipped migration must not change when code is renamed.
enum CoreMigration3 {
    static let migration = Migration(version: 3, name: "end-to-bridge encryption: Olm account, sessions, devices") {
        db, _ in
        try await db.create(table: "crypto_account")
            .column("user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("pickle", type: .text, .notNull)
            .primaryKey("user_id", "device_id")
            .run()

        // The key's prefix (owner, sender_key) serves "all sessions with this device".
        try await db.create(table: "crypto_olm_session")
            .column("user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("sender_key", type: .text, .notNull)
            .column("session_id", type: .text, .notNull)
            .column("pickle", type: .text, .notNull)
            .column("last_used_ms", type: .bigint, .notNull)
            .primaryKey("user_id", "device_id", "sender_key", "session_id")
            .run()

        try await db.create(table: "crypto_megolm_inbound")
            .column("user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("room_id", type: .text, .notNull)
            .column("sender_key", type: .text, .notNull)
            .column("session_id", type: .text, .notNull)
            .column("sender_ed25519", type: .text, .notNull)
            .column("pickle", type: .text, .notNull)
            .primaryKey("user_id", "device_id", "room_id", "sender_key", "session_id")
            .run()

        // At most one outbound session per room.
        try await db.create(table: "crypto_megolm_outbound")
            .column("user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("room_id", type: .text, .notNull)
            .column("session_id", type: .text, .notNull)
            .column("pickle", type: .text, .notNull)
            .column("created_ms", type: .bigint, .notNull)
            .column("rotation_period_ms", type: .bigint, .notNull)
            .column("rotation_period_msgs", type: .bigint, .notNull)
            .primaryKey("user_id", "device_id", "room_id")
            .run()

        // Who was sent which outbound session; the key's prefix (owner, room) serves dropping a room's rows.
        try await db.create(table: "crypto_megolm_shared")
            .column("user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("room_id", type: .text, .notNull)
            .column("session_id", type: .text, .notNull)
            .column("peer_user_id", type: .text, .notNull)
            .column("peer_device_id", type: .text, .notNull)
            .primaryKey("user_id", "device_id", "room_id", "session_id", "peer_user_id", "peer_device_id")
            .run()

        // Replay protection: the first event to use a (session, index) owns it. The key is what makes the claim
        // atomic (INSERT … ON CONFLICT DO NOTHING).
        try await db.create(table: "crypto_megolm_index")
            .column("user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("session_id", type: .text, .notNull)
            .column("message_index", type: .bigint, .notNull)
            .column("event_id", type: .text, .notNull)
            .primaryKey("user_id", "device_id", "session_id", "message_index")
            .run()

        // Verified devices of other users (and our own other devices).
        try await db.create(table: "crypto_device")
            .column("user_id", type: .text, .notNull)
            .column("device_id", type: .text, .notNull)
            .column("peer_user_id", type: .text, .notNull)
            .column("peer_device_id", type: .text, .notNull)
            .column("curve25519", type: .text, .notNull)
            .column("ed25519", type: .text, .notNull)
            .primaryKey("user_id", "device_id", "peer_user_id", "peer_device_id")
            .run()
        // Unique: an Olm sender key must name one device, or "who sent this?" would have two answers.
        try await db.create(index: "crypto_device_curve25519")
            .unique()
            .on("crypto_device").column("user_id").column("device_id").column("curve25519")
            .run()
    }
}
