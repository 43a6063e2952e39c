import Foundation
import SQLKit

/// Exactly-once intake of appservice transactions.
///
/// The appservice server records each transaction before answering the homeserver: ``record(transactionID:items:receivedAt:)``
/// stores its events and its ID in one database transaction, and reports a replayed ID so the server can
/// answer 200 without handling it twice. The bridge then works through ``pending(limit:)`` and deletes what it
/// has handled with ``markHandled(_:)``; after a crash, whatever was not yet handled is still pending.
public struct TransactionJournal: Sendable {
    static let transactionTable = "appservice_txn"
    static let inboxTable = "appservice_inbox"
    /// Columns of one inbox row; multi-row inserts are sized by it.
    private static let inboxColumns = ["txn_id", "kind", "payload", "received_at"]

    /// Transaction IDs younger than this are never pruned: a homeserver retries a transaction it got no answer
    /// for, possibly after a long outage of the bridge or of itself.
    public static let minimumRetention: TimeInterval = 7 * 24 * 3600
    /// The newest this many transaction IDs are never pruned, however old, so that a bridge restarted after a
    /// long downtime still recognises the transactions the homeserver retries first.
    public static let minimumKeptTransactionIDs = 1000

    private let database: BridgeDatabase

    public init(database: BridgeDatabase) {
        self.database = database
    }

    /// Stores a homeserver transaction and its events, atomically and durably, unless its ID was seen before.
    ///
    /// - Returns: true if the transaction is new and now stored; false if its ID was already recorded (then
    ///   nothing is written). Of concurrent calls with the same ID, exactly one returns true.
    public func record(
        transactionID: String,
        items: [JournalItem],
        receivedAt: Date = Date()
    ) async throws -> Bool {
        let receivedAt = Timestamp.milliseconds(receivedAt)
        let dialect = database.dialect
        return try await database.transaction { db in
            // The primary key decides races: a concurrent insert of the same ID waits for ours and then does
            // nothing; RETURNING tells us (on both engines) whether our row went in.
            let inserted = try await db.insert(into: Self.transactionTable)
                .columns("txn_id", "received_at")
                .values(SQLBind(transactionID), SQLBind(receivedAt))
                .ignoringConflicts(with: ["txn_id"])
                .returning("txn_id")
                .all()
            guard !inserted.isEmpty else { return false }

            let rowsPerStatement = dialect.maxBindsPerStatement / Self.inboxColumns.count
            var start = items.startIndex
            while start < items.endIndex {
                let end = min(start + rowsPerStatement, items.endIndex)
                let insert = db.insert(into: Self.inboxTable).columns(Self.inboxColumns)
                for item in items[start..<end] {
                    insert.values(
                        SQLBind(transactionID), SQLBind(item.kind), SQLBind(item.payload), SQLBind(receivedAt))
                }
                try await insert.run()
                start = end
            }
            return true
        }
    }

    /// The oldest unhandled events, at most `limit`, in arrival order.
    ///
    /// - Parameter seq: only entries after this sequence number, for a reader that keeps entries
    ///   it handed out but that are not handled yet (they stay journaled until `markHandled`).
    public func pending(after seq: Int64 = 0, limit: Int) async throws -> [JournalEntry] {
        guard limit > 0 else { return [] }
        let rows = try await database.sql.select()
            .columns("seq", "txn_id", "kind", "payload", "received_at")
            .from(Self.inboxTable)
            .where("seq", .greaterThan, SQLBind(seq))
            .orderBy("seq")
            .limit(limit)
            .all()
        return try rows.map { row in
            JournalEntry(
                seq: try row.decode(column: "seq", as: Int64.self),
                transactionID: try row.decode(column: "txn_id", as: String.self),
                kind: try row.decode(column: "kind", as: String.self),
                // SQLite stores an empty payload as NULL (see migration 1).
                payload: try row.decode(column: "payload", as: Data?.self) ?? Data(),
                receivedAt: Timestamp.date(try row.decode(column: "received_at", as: Int64.self))
            )
        }
    }

    /// Removes handled events from the journal. Unknown or already removed numbers are ignored.
    public func markHandled(_ seqs: [Int64]) async throws {
        guard !seqs.isEmpty else { return }
        let chunkSize = database.dialect.maxBindsPerStatement
        if seqs.count <= chunkSize {
            try await database.sql.delete(from: Self.inboxTable).where("seq", .in, SQLBind.group(seqs)).run()
            return
        }
        try await database.transaction { db in
            var start = seqs.startIndex
            while start < seqs.endIndex {
                let end = min(start + chunkSize, seqs.endIndex)
                try await db.delete(from: Self.inboxTable)
                    .where("seq", .in, SQLBind.group(Array(seqs[start..<end])))
                    .run()
                start = end
            }
        }
    }

    /// Forgets transaction IDs recorded before `cutoff`, so the dedupe table does not grow forever.
    ///
    /// The cutoff is clamped to keep at least ``minimumRetention`` of history, and the newest
    /// ``minimumKeptTransactionIDs`` are always kept.
    ///
    /// - Returns: how many IDs were forgotten.
    @discardableResult
    public func pruneTransactionIDs(olderThan cutoff: Date, now: Date = Date()) async throws -> Int {
        let latestAllowed = now.addingTimeInterval(-Self.minimumRetention)
        let cutoff = Timestamp.milliseconds(min(cutoff, latestAllowed))
        let deleted = try await database.sql.raw("""
            DELETE FROM \(ident: Self.transactionTable)
            WHERE received_at < \(bind: cutoff)
              AND txn_id NOT IN (
                SELECT txn_id FROM \(ident: Self.transactionTable)
                ORDER BY received_at DESC, txn_id DESC
                LIMIT \(literal: Self.minimumKeptTransactionIDs))
            RETURNING txn_id
            """).all()
        return deleted.count
    }
}
