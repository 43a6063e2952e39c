import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import Pontoon
import PontoonMatrix
import PontoonStorage
import Synchronization

/// Collects what the dispatcher hands over, so tests can assert what the bridge would see.
final class RecordingHandler: MatrixEventHandler {
    private let received = Mutex<[MatrixInboxItem]>([])
    /// When false, deliveries are never completed: as if the bridge died before finishing them.
    let completes: Bool

    init(completes: Bool = true) {
        self.completes = completes
    }

    func handle(_ delivery: InboxDelivery) async {
        received.withLock { $0.append(delivery.item) }
        if completes { delivery.complete() }
    }

    var items: [MatrixInboxItem] { received.withLock { $0 } }

    var events: [ClientEvent] {
        items.compactMap { if case .event(let event) = $0 { return event } else { return nil } }
    }
}

/// Answers the query endpoints from fixed sets, and remembers pings.
final class FixedQueries: AppserviceQueryHandler {
    let users: Set<UserID>
    let aliases: Set<RoomAlias>
    private let pings = Mutex<[String?]>([])

    init(users: Set<UserID> = [], aliases: Set<RoomAlias> = []) {
        self.users = users
        self.aliases = aliases
    }

    func userExists(_ userID: UserID) async throws -> Bool { users.contains(userID) }
    func aliasExists(_ alias: RoomAlias) async throws -> Bool { aliases.contains(alias) }
    func thirdPartyProtocol(_ name: String) async throws -> JSONValue? {
        name == "echo" ? ["user_fields": ["name"], "location_fields": [], "icon": "mxc://example.org/icon", "field_types": [:], "instances": []] : nil
    }
    func thirdPartyUsers(protocol name: String, fields: [String: String]) async throws -> [JSONValue]? {
        guard name == "echo" else { return nil }
        return [["userid": .string("@echo_\(fields["name"] ?? "x"):example.org"), "protocol": "echo", "fields": .object(fields.mapValues { .string($0) })]]
    }
    func pinged(transactionID: String?) async { pings.withLock { $0.append(transactionID) } }
    var pingIDs: [String?] { pings.withLock { $0 } }
}

/// An appservice server over a real SQLite journal in a temporary file.
struct AppserviceTestApp {
    static let hsToken = "hs-secret-token-for-tests"
    let databasePath: String
    let handler: RecordingHandler
    let queries: FixedQueries
    let maxBodySize: Int

    init(databasePath: String? = nil, queries: FixedQueries = FixedQueries(),
         maxBodySize: Int = AppserviceServerConfiguration.defaultMaxBodySize, completes: Bool = true) {
        self.handler = RecordingHandler(completes: completes)
        self.databasePath = databasePath ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("pontoon-as-\(UUID().uuidString).db").path
        self.queries = queries
        self.maxBodySize = maxBodySize
    }

    /// Runs `body` against the server; the dispatcher runs only when `dispatching` is true, so a
    /// test can check what was journaled before anything handled it.
    func run(dispatching: Bool = true, _ body: @Sendable (any TestClientProtocol, InboxDispatcher) async throws -> Void) async throws {
        let database = try await BridgeDatabase.open(.sqlite(path: databasePath), logger: Logger(label: "test"))
        do {
            let journal = TransactionJournal(database: database)
            let dispatcher = InboxDispatcher(journal: journal, handler: handler)
            let router = Router()
            AppserviceRoutes.install(
                on: router, configuration: .init(hsToken: Self.hsToken, maxBodySize: maxBodySize),
                transactions: JournalingTransactionSink(journal: journal, dispatcher: dispatcher), queries: queries)
            let app = Application(router: router)
            try await app.test(.router) { client in
                try await body(client, dispatcher)
                if dispatching { try await dispatcher.drain() }
            }
            try await database.close()
        } catch {
            try? await database.close()
            throw error
        }
    }
}

extension HTTPFields {
    static var authorized: HTTPFields {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(AppserviceTestApp.hsToken)"
        fields[.contentType] = "application/json"
        return fields
    }

    static func bearer(_ token: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(token)"
        return fields
    }
}

extension TestResponse {
    /// The response body as JSON (throws if it isn't).
    func json() throws -> JSONValue {
        try JSONDecoder().decode(JSONValue.self, from: Data(buffer: body))
    }

    var errcode: String? { (try? json())?["errcode"]?.stringValue }
}

enum TransactionFixtures {
    static func message(_ index: Int, room: String = "!room:example.org", body: String? = nil) -> JSONValue {
        [
            "type": "m.room.message", "event_id": .string("$event\(index)"), "room_id": .string(room),
            "sender": "@alice:example.org", "origin_server_ts": .int(1_700_000_000_000 + Int64(index)),
            "content": ["msgtype": "m.text", "body": .string(body ?? "message \(index)")],
        ]
    }

    static func body(_ events: [JSONValue], extra: [String: JSONValue] = [:]) -> ByteBuffer {
        var object = extra
        object["events"] = .array(events)
        return ByteBuffer(bytes: try! JSONEncoder().encode(JSONValue.object(object)))
    }
}
