import Foundation
import PontoonStorage
import Testing

@Test(arguments: [StorageBackend.postgres]) func zzPerfProbe(backend: StorageBackend) async throws {
    try await withDatabase(backend) { database async throws in
        let journal = TransactionJournal(database: database)
        let payload = Data(repeating: 0x61, count: 300)
        let items = (0..<100).map { _ in JournalItem(kind: "pdu", payload: payload) }
        let start = ContinuousClock.now
        for t in 0..<200 { _ = try await journal.record(transactionID: "t\(t)", items: items) }
        print("PERF \(backend): 20000 events in \(ContinuousClock.now - start)")
    }
}
