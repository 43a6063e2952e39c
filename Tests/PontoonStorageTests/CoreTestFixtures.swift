import PontoonStorage
import PontoonTestSupport
import SQLKit

/// Sample rows for the core store tests: every field set to something other than its default.
///
/// The core store suites are `.serialized`: each test case opens a database of its own, and a hundred of them
/// starting at once (next to the other suites) exceed the test PostgreSQL's 200 connections.
enum CoreFixtures {
    static let network = "testnet"
    static let otherNetwork = "othernet"
    static let shared = PortalRowKey(chatID: "#general")
    static let dm = PortalRowKey(chatID: "bob", receiver: "login-alice")

    static func portal(_ key: PortalRowKey = shared, room: String? = "!general:example.org") -> PortalRow {
        PortalRow(
            key: key, mxid: room, name: "General", topic: "Talk here", avatarMXC: "mxc://example.org/avatar",
            nameSet: true, topicSet: false, avatarSet: true, isDirect: key.receiver != nil,
            otherUserID: key.receiver == nil ? nil : "bob", relayLoginID: "login-relay", encrypted: true,
            metadata: #"{"topic_id":7}"#, createdAt: 1_700_000_000_123)
    }

    static func part(
        _ remoteID: String,
        part partID: String = "",
        index: Int = 0,
        in chat: PortalRowKey = shared,
        event: String? = nil,
        room: String = "!general:example.org",
        timestamp: Int64 = 1_700_000_000_000
    ) -> MessagePartRow {
        MessagePartRow(
            chat: chat, remoteID: remoteID, partID: partID, partIndex: index,
            mxid: event ?? "$\(remoteID).\(partID).\(chat.receiver ?? "")", roomMXID: room,
            senderRemoteID: "bob", senderMXID: "@testnet_bob:example.org", timestamp: timestamp,
            threadRootRemoteID: "root-1", replyToRemoteID: "earlier", replyToPartID: "img",
            editCount: 0, metadata: #"{"k":"v"}"#)
    }

    static func reaction(
        to remoteID: String,
        part partID: String = "",
        by sender: String = "bob",
        emojiID: String = "👍",
        in chat: PortalRowKey = shared,
        event: String? = nil,
        timestamp: Int64 = 1_700_000_000_500
    ) -> ReactionRow {
        ReactionRow(
            key: ReactionRowKey(
                chat: chat, targetRemoteID: remoteID, targetPartID: partID, senderRemoteID: sender, emojiID: emojiID),
            emoji: emojiID, mxid: event ?? "$react.\(remoteID).\(partID).\(sender).\(emojiID).\(chat.receiver ?? "")",
            roomMXID: "!general:example.org", timestamp: timestamp)
    }

    /// How many rows `table` has, read directly.
    static func count(_ table: String, in database: BridgeDatabase) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from(table).first()?.decode(column: "n", as: Int.self) ?? -1
    }
}

/// Like `withDatabase`, for tests that run statements concurrently: on SQLite it uses an in-memory database, whose
/// pool has a single connection.
///
/// Why: concurrent statements make a file database's pool open more connections, and closing the database while
/// one is still being opened crashes the test process (`SQLiteConnection was not closed before deinitializing`:
/// the pool closes the late connection on a thread pool that `close()` has already stopped). That is a bug of
/// `BridgeDatabase.close()`, reported to the lead; switch these tests back to `withDatabase` once it is fixed.
func withDatabaseForConcurrency<T>(
    _ backend: StorageBackend,
    isolation: isolated (any Actor)? = #isolation,
    _ body: (BridgeDatabase) async throws -> T
) async throws -> T {
    switch backend {
    case .sqlite: return try await withOpenDatabase(.sqlite(path: ":memory:"), body)
    case .postgres: return try await withDatabase(.postgres, body)
    }
}
