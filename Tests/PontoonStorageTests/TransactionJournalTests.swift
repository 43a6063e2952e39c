import Foundation
import PontoonStorage
import PontoonTestSupport
import SQLKit
import Testing

@Suite("TransactionJournal")
struct TransactionJournalTests {
    private func items(_ count: Int, kind: String = "pdu") -> [JournalItem] {
        (0..<count).map { JournalItem(kind: kind, payload: Data("{\"n\":\($0)}".utf8)) }
    }

    /// Seeds the dedupe table directly (one statement), faster than a thousand durable `record` calls.
    private func seedTransactionIDs(_ database: BridgeDatabase, _ ids: [(String, Date)]) async throws {
        let insert = database.sql.insert(into: "appservice_txn").columns("txn_id", "received_at")
        for (id, date) in ids {
            insert.values(SQLBind(id), SQLBind(Int64(date.timeIntervalSince1970 * 1000)))
        }
        try await insert.run()
    }

    private func transactionIDCount(_ database: BridgeDatabase) async throws -> Int {
        try await database.sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n")
            .from("appservice_txn").first()?.decode(column: "n", as: Int.self) ?? -1
    }

    @Test(arguments: StorageBackend.allCases)
    func aNewTransactionIsRecordedWithItsItemsInOrder(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            let before = Date()
            #expect(try await journal.record(transactionID: "1", items: items(3)))
            let pending = try await journal.pending(limit: 10)
            #expect(pending.map(\.payload) == items(3).map(\.payload))
            #expect(pending.allSatisfy { $0.transactionID == "1" && $0.kind == "pdu" })
            #expect(pending.map(\.seq) == pending.map(\.seq).sorted())
            #expect(pending.allSatisfy { abs($0.receivedAt.timeIntervalSince(before)) < 60 })
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aReplayedTransactionIDIsRejectedAndWritesNothing(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            #expect(try await journal.record(transactionID: "42", items: items(2)))
            #expect(try await journal.record(transactionID: "42", items: items(5, kind: "ephemeral")) == false)
            let pending = try await journal.pending(limit: 100)
            #expect(pending.count == 2)
            #expect(pending.allSatisfy { $0.kind == "pdu" })
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aReplayedTransactionIDIsStillRejectedAfterHandlingItsEvents(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            #expect(try await journal.record(transactionID: "7", items: items(1)))
            try await journal.markHandled(try await journal.pending(limit: 10).map(\.seq))
            #expect(try await journal.record(transactionID: "7", items: items(1)) == false)
            #expect(try await journal.pending(limit: 10).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aTransactionWithNoEventsIsStillDeduplicated(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            #expect(try await journal.record(transactionID: "empty", items: []))
            #expect(try await journal.record(transactionID: "empty", items: []) == false)
            #expect(try await journal.pending(limit: 10).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func pendingIsOrderedAcrossTransactionsAndRespectsTheLimit(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            #expect(try await journal.record(transactionID: "a", items: items(3)))
            #expect(try await journal.record(transactionID: "b", items: items(3)))
            let firstFour = try await journal.pending(limit: 4)
            #expect(firstFour.map(\.transactionID) == ["a", "a", "a", "b"])
            #expect(try await journal.pending(limit: 0).isEmpty)
            #expect(try await journal.pending(limit: -5).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func handledEventsLeaveTheJournalAndOthersStay(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            #expect(try await journal.record(transactionID: "a", items: items(4)))
            let all = try await journal.pending(limit: 10)
            try await journal.markHandled([all[0].seq, all[2].seq, 999_999])
            try await journal.markHandled([])
            #expect(try await journal.pending(limit: 10) == [all[1], all[3]])
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func sequenceNumbersAreNeverReused(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            #expect(try await journal.record(transactionID: "a", items: items(2)))
            let first = try await journal.pending(limit: 10)
            try await journal.markHandled(first.map(\.seq))
            #expect(try await journal.record(transactionID: "b", items: items(1)))
            let next = try await journal.pending(limit: 10)
            #expect(next.count == 1 && next[0].seq > first.map(\.seq).max()!)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aReplayAfterRestartIsStillRejected(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration) { database async throws in
                #expect(try await TransactionJournal(database: database).record(transactionID: "t1", items: items(2)))
            }
            try await withOpenDatabase(configuration) { database async throws in
                let journal = TransactionJournal(database: database)
                #expect(try await journal.record(transactionID: "t1", items: items(2)) == false)
                #expect(try await journal.pending(limit: 10).count == 2)
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func concurrentRecordsOfOneTransactionIDAcceptExactlyOne(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for _ in 0..<16 {
                    group.addTask { try await journal.record(transactionID: "race", items: items(3)) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 1)
            #expect(try await journal.pending(limit: 100).count == 3)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func twoBridgeInstancesRacingOnOneDatabaseAcceptExactlyOne(backend: StorageBackend) async throws {
        // Two pools on the same database, as two processes would have: no shared in-process lock.
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration) { first async throws in
                try await withOpenDatabase(configuration) { second async throws in
                    let journals = [TransactionJournal(database: first), TransactionJournal(database: second)]
                    let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                        for round in 0..<12 {
                            let journal = journals[round % 2]
                            group.addTask { try await journal.record(transactionID: "shared", items: items(2)) }
                        }
                        return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
                    }
                    #expect(accepted == 1)
                    #expect(try await journals[0].pending(limit: 100).count == 2)
                }
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aHundredEventTransactionIsStoredWhole(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            let hundred = (0..<100).map { JournalItem(kind: $0 % 2 == 0 ? "pdu" : "ephemeral", payload: Data([UInt8($0)])) }
            #expect(try await journal.record(transactionID: "big", items: hundred))
            let pending = try await journal.pending(limit: 1000)
            #expect(pending.map { JournalItem(kind: $0.kind, payload: $0.payload) } == hundred)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func moreEventsThanOneStatementCanBindAreStoredWhole(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            // 20 000 rows × 4 binds is above both engines' per-statement limit, so it takes several INSERTs.
            let many = (0..<20_000).map { JournalItem(kind: "pdu", payload: Data(String($0).utf8)) }
            #expect(try await journal.record(transactionID: "huge-batch", items: many))
            let pending = try await journal.pending(limit: 30_000)
            #expect(pending.count == many.count)
            #expect(pending.last?.payload == Data("19999".utf8))
            try await journal.markHandled(pending.map(\.seq))
            #expect(try await journal.pending(limit: 10).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func payloadsSurviveByteForByte(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            let hostile: [Data] = [
                Data([0x00]),
                Data([0x7B, 0x00, 0x7D, 0x00, 0x00]),         // NUL inside and at the end
                Data([0xC3, 0x28, 0xA0, 0xA1, 0xFF, 0xFE]),   // invalid UTF-8
                Data([0xED, 0xA0, 0x80]),                     // a UTF-16 surrogate encoded as UTF-8
                Data("'); DROP TABLE appservice_inbox; --".utf8),
                Data(),
                Data((0...255).map { UInt8($0) }),
            ]
            #expect(try await journal.record(
                transactionID: "bytes", items: hostile.map { JournalItem(kind: "raw", payload: $0) }))
            #expect(try await journal.pending(limit: 100).map(\.payload) == hostile)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func transactionIDsAndKindsAreStoredExactly(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            let id = "txn/with spaces/'quotes'/ünïcödé/🚣"
            #expect(try await journal.record(transactionID: id, items: [JournalItem(kind: "to_device", bytes: [1])]))
            #expect(try await journal.record(transactionID: id + " ", items: []))
            let entry = try #require(try await journal.pending(limit: 1).first)
            #expect(entry.transactionID == id && entry.kind == "to_device" && entry.payload == Data([1]))
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aTenMegabytePayloadWorks(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            var big = Data(count: 10 * 1024 * 1024)
            big.withUnsafeMutableBytes { buffer in
                for index in buffer.indices { buffer[index] = UInt8(truncatingIfNeeded: index &* 31 &+ 7) }
            }
            #expect(try await journal.record(transactionID: "10mb", items: [JournalItem(kind: "pdu", payload: big)]))
            #expect(try await journal.pending(limit: 1).first?.payload == big)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func pruningForgetsOldIDsButKeepsTheNewestThousand(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            let now = Date()
            let old = now.addingTimeInterval(-30 * 24 * 3600)
            let kept = TransactionJournal.minimumKeptTransactionIDs
            // kept + 5 month-old IDs and 3 from now: the newest `kept` stay, so the 8 oldest go.
            try await seedTransactionIDs(database, (0..<(kept + 5)).map { ("old-\($0)", old.addingTimeInterval(Double($0))) })
            for index in 0..<3 {
                #expect(try await journal.record(transactionID: "new-\(index)", items: [], receivedAt: now))
            }
            let forgotten = try await journal.pruneTransactionIDs(olderThan: now, now: now)
            #expect(forgotten == 8)
            #expect(try await transactionIDCount(database) == kept)
            // A forgotten ID is new again; a kept one is still a replay.
            #expect(try await journal.record(transactionID: "old-7", items: []))
            #expect(try await journal.record(transactionID: "old-8", items: []) == false)
            #expect(try await journal.record(transactionID: "new-0", items: []) == false)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func pruningNeverForgetsIDsYoungerThanTheMinimumRetention(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let journal = TransactionJournal(database: database)
            let now = Date()
            let kept = TransactionJournal.minimumKeptTransactionIDs
            try await seedTransactionIDs(
                database, (0..<(kept + 10)).map { ("recent-\($0)", now.addingTimeInterval(-3600 - Double($0))) })
            // Asked to forget everything, it still keeps the last week.
            #expect(try await journal.pruneTransactionIDs(olderThan: now.addingTimeInterval(3600), now: now) == 0)
            #expect(try await transactionIDCount(database) == kept + 10)
        }
    }
}
