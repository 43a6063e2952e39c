// Measures the appservice path without a homeserver: decode a transaction, journal it durably on
// SQLite, hand every item to a handler, remove it. Figures are events/s and ratios against two
// baselines from the same run: Foundation's JSON parser on the same bodies, and bare SQLite inserts
// of the same bytes in one transaction each (the cost of durability alone).
//
// Run with `swift run -c release pontoon-bench [transactions] [events-per-transaction]`.
import Foundation
import Logging
import Pontoon
import PontoonMatrix
import PontoonStorage
import SQLKit

struct CountingHandler: MatrixEventHandler {
    func handle(_ delivery: InboxDelivery) async { delivery.complete() }
}

func transactionBody(_ index: Int, events: Int) -> [UInt8] {
    let items = (0..<events).map { event -> String in
        """
        {"type":"m.room.message","event_id":"$e\(index)_\(event)","room_id":"!room\(event % 10):example.org",\
        "sender":"@alice:example.org","origin_server_ts":1700000000000,"unsigned":{"age":12},\
        "content":{"msgtype":"m.text","body":"message \(event) of transaction \(index) with some ordinary length"}}
        """
    }
    return Array("{\"events\":[\(items.joined(separator: ","))],\"ephemeral\":[]}".utf8)
}

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func measure(_ name: String, events: Int, _ body: () async throws -> Void) async rethrows -> Double {
    let start = ContinuousClock.now
    try await body()
    let rate = Double(events) / seconds(ContinuousClock.now - start)
    print("\(name.padding(toLength: 44, withPad: " ", startingAt: 0)) \(String(format: "%10.0f", rate)) events/s")
    return rate
}

let arguments = CommandLine.arguments.dropFirst().compactMap(Int.init)
let transactions = arguments.first ?? 200
let perTransaction = arguments.dropFirst().first ?? 100
let total = transactions * perTransaction
let bodies = (0..<transactions).map { transactionBody($0, events: perTransaction) }
let logger = Logger(label: "bench")

let foundationRate = try await measure("baseline: JSONSerialization", events: total) {
    for body in bodies { _ = try JSONSerialization.jsonObject(with: Data(body)) }
}
let decodeRate = try await measure("AppserviceTransaction.decode", events: total) {
    for body in bodies { _ = try AppserviceTransaction.decode(body) }
}

let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pontoon-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }

let rawDatabase = try await BridgeDatabase.open(.sqlite(path: directory.appendingPathComponent("raw.db").path), logger: logger)
try await rawDatabase.sql.raw("CREATE TABLE raw_items (seq INTEGER PRIMARY KEY, payload BLOB)").run()
let sqliteRate = try await measure("baseline: bare SQLite inserts", events: total) {
    for body in bodies {
        let chunk = body.count / perTransaction
        try await rawDatabase.transaction { db in
            var insert = db.insert(into: "raw_items").columns("payload")
            for event in 0..<perTransaction {
                insert = insert.values(SQLBind(Data(body[(event * chunk)..<((event + 1) * chunk)])))
            }
            try await insert.run()
        }
    }
}
try await rawDatabase.close()

let database = try await BridgeDatabase.open(.sqlite(path: directory.appendingPathComponent("bridge.db").path), logger: logger)
let journal = TransactionJournal(database: database)
let dispatcher = InboxDispatcher(journal: journal, handler: CountingHandler(), batchSize: 512)
let sink = JournalingTransactionSink(journal: journal, dispatcher: dispatcher)
let pathRate = try await measure("decode + journal + dispatch (SQLite)", events: total) {
    for (index, body) in bodies.enumerated() {
        _ = try await sink.store(transactionID: "\(index)", transaction: try AppserviceTransaction.decode(body))
        if index % 10 == 9 { try await dispatcher.drain() }
    }
    try await dispatcher.drain()
}
try await database.close()

print("")
print(String(format: "decode vs JSONSerialization:        %.2fx", decodeRate / foundationRate))
print(String(format: "bridge path vs bare SQLite inserts: %.2fx", pathRate / sqliteRate))
print(String(format: "bridge path vs target (20000/s):    %.2fx", pathRate / 20_000))
