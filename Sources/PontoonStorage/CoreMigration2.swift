import SQLKit

/// Migration 2: what the bridge core keeps about users, logins, portals, ghosts, messages and reactions, and the
/// exactly-once record of Matrix events it has handled.
///
/// Conventions: remote IDs and Matrix IDs are stored as their raw strings; times are BIGINT milliseconds since
/// 1970; text that may be absent is NULL only where "none" differs from "empty" (a room not created yet, no reply),
/// descriptive text (names, metadata) is NOT NULL with `''` for none. `receiver` is `''` for a shared chat, never
/// NULL, because a NULL in a primary key would make every shared chat distinct. There are no foreign keys: the
/// stores delete dependent rows themselves, in one transaction (see ``CorePortalStore/delete(_:)``).
///
/// Table and column names are literals on purpose: a shipped migration must not change when code is renamed.
enum CoreMigration2 {
    static let migration = Migration(version: 2, name: "bridge core: users, logins, portals, ghosts, messages") {
        db, dialect in
        let bool = dialect.booleanType

        try await db.create(table: "bridge_user")
            .column("mxid", type: .text, .primaryKey(autoIncrement: false), .notNull)
            .column("management_room", type: .text)
            .column("created_at", type: .bigint, .notNull)
            .run()

        try await db.create(table: "user_login")
            .column("network", type: .text, .notNull)
            .column("login_id", type: .text, .notNull)
            .column("mxid", type: .text, .notNull)
            .column("remote_name", type: .text, .notNull, .default(""))
            .column("metadata", type: .text, .notNull, .default(""))
            .column("state", type: .text, .notNull, .default(""))
            .column("created_at", type: .bigint, .notNull)
            .primaryKey("network", "login_id")
            .run()
        try await db.create(index: "user_login_mxid").on("user_login").column("mxid").run()

        try await db.create(table: "portal")
            .column("network", type: .text, .notNull)
            .column("chat_id", type: .text, .notNull)
            .column("receiver", type: .text, .notNull, .default(""))
            .column("mxid", type: .text, .unique) // the room; the unique index also serves lookups by room
            .column("name", type: .text, .notNull, .default(""))
            .column("topic", type: .text, .notNull, .default(""))
            .column("avatar_mxc", type: .text, .notNull, .default(""))
            .column("name_set", type: bool, .notNull, .default(false))
            .column("topic_set", type: bool, .notNull, .default(false))
            .column("avatar_set", type: bool, .notNull, .default(false))
            .column("is_direct", type: bool, .notNull, .default(false))
            .column("other_user_id", type: .text)
            .column("relay_login_id", type: .text)
            .column("encrypted", type: bool, .notNull, .default(false))
            .column("metadata", type: .text, .notNull, .default(""))
            .column("created_at", type: .bigint, .notNull)
            .primaryKey("network", "chat_id", "receiver")
            .run()
        try await db.create(index: "portal_receiver").on("portal").column("network").column("receiver").run()

        try await db.create(table: "ghost")
            .column("network", type: .text, .notNull)
            .column("remote_user_id", type: .text, .notNull)
            .column("name", type: .text, .notNull, .default(""))
            .column("avatar_mxc", type: .text, .notNull, .default(""))
            .column("avatar_source_id", type: .text, .notNull, .default(""))
            .column("name_set", type: bool, .notNull, .default(false))
            .column("avatar_set", type: bool, .notNull, .default(false))
            .column("is_bot", type: bool, .notNull, .default(false))
            .column("metadata", type: .text, .notNull, .default(""))
            .primaryKey("network", "remote_user_id")
            .run()

        // One row per Matrix event a remote message became. `part_index` (not in the key) orders the parts.
        try await db.create(table: "message")
            .column("network", type: .text, .notNull)
            .column("chat_id", type: .text, .notNull)
            .column("receiver", type: .text, .notNull, .default(""))
            .column("remote_id", type: .text, .notNull)
            .column("part_id", type: .text, .notNull, .default(""))
            .column("part_index", type: .bigint, .notNull, .default(0))
            .column("mxid", type: .text, .notNull)
            .column("room_mxid", type: .text, .notNull)
            .column("sender_remote_id", type: .text, .notNull, .default(""))
            .column("sender_mxid", type: .text, .notNull, .default(""))
            .column("timestamp", type: .bigint, .notNull)
            .column("thread_root_remote_id", type: .text)
            .column("reply_to_remote_id", type: .text)
            .column("reply_to_part_id", type: .text)
            .column("edit_count", type: .bigint, .notNull, .default(0))
            .column("metadata", type: .text, .notNull, .default(""))
            .primaryKey("network", "chat_id", "receiver", "remote_id", "part_id")
            .unique("room_mxid", "mxid") // also the index for lookups by event
            .run()
        try await db.create(index: "message_chat_timestamp")
            .on("message").column("network").column("chat_id").column("receiver").column("timestamp")
            .run()

        try await db.create(table: "reaction")
            .column("network", type: .text, .notNull)
            .column("chat_id", type: .text, .notNull)
            .column("receiver", type: .text, .notNull, .default(""))
            .column("target_remote_id", type: .text, .notNull)
            .column("target_part_id", type: .text, .notNull, .default(""))
            .column("sender_remote_id", type: .text, .notNull)
            .column("emoji_id", type: .text, .notNull)
            .column("emoji", type: .text, .notNull, .default(""))
            .column("mxid", type: .text, .notNull)
            .column("room_mxid", type: .text, .notNull)
            .column("timestamp", type: .bigint, .notNull)
            .primaryKey(
                "network", "chat_id", "receiver", "target_remote_id", "target_part_id", "sender_remote_id", "emoji_id")
            .unique("room_mxid", "mxid")
            .run()

        try await db.create(table: "processed_matrix_event")
            .column("room_mxid", type: .text, .notNull)
            .column("event_mxid", type: .text, .notNull)
            .column("handled_at", type: .bigint, .notNull)
            .primaryKey("room_mxid", "event_mxid")
            .run()
        try await db.create(index: "processed_matrix_event_handled_at")
            .on("processed_matrix_event").column("handled_at")
            .run()
    }
}
