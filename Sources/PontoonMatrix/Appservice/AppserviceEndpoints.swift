import Foundation
import Hummingbird
import Logging
import Metrics
import NIOCore
import NIOFoundationCompat

/// The handlers behind ``AppserviceRoutes``: each validates its input and answers JSON.
struct AppserviceEndpoints: Sendable {
    let maxBodySize: Int
    let transactions: any AppserviceTransactionSink
    let queries: any AppserviceQueryHandler
    let logger: Logger

    /// Transaction IDs are short decimal numbers from Synapse; anything near this size is hostile.
    static let maxTransactionIDLength = 255

    func putTransaction(_ request: Request, txnID: String) async throws -> Response {
        let started = ContinuousClock.now
        guard txnID.utf8.count <= Self.maxTransactionIDLength else {
            throw MatrixErrorResponse.badJSON("Transaction ID longer than \(Self.maxTransactionIDLength) bytes")
        }
        if let length = request.headers[.contentLength].flatMap(Int.init), length > maxBodySize {
            Counter(label: "pontoon_appservice_transactions_total", dimensions: [("outcome", "too_large")]).increment()
            throw MatrixErrorResponse.tooLarge(limit: maxBodySize)
        }
        let body = try await request.body.collect(upTo: maxBodySize)
        let transaction: AppserviceTransaction
        do {
            transaction = try AppserviceTransaction.decode(Data(buffer: body, byteTransferStrategy: .noCopy))
        } catch {
            Counter(label: "pontoon_appservice_transactions_total", dimensions: [("outcome", "bad_json")]).increment()
            logger.warning("Rejected malformed transaction", metadata: ["txn_id": "\(txnID)", "error": "\(error)"])
            switch error {
            case .notJSON(let detail): throw MatrixErrorResponse.notJSON(detail)
            default: throw MatrixErrorResponse.badJSON("\(error)")
            }
        }
        for skipped in transaction.skipped {
            logger.warning("Skipped an undecodable item", metadata: ["txn_id": "\(txnID)", "item": "\(skipped)"])
        }
        let isNew: Bool
        do {
            isNew = try await transactions.store(transactionID: txnID, transaction: transaction)
        } catch {
            Counter(label: "pontoon_appservice_transactions_total", dimensions: [("outcome", "store_failed")]).increment()
            logger.error("Could not store transaction", metadata: ["txn_id": "\(txnID)", "error": "\(error)"])
            throw MatrixErrorResponse.internalError()
        }
        Counter(label: "pontoon_appservice_transactions_total", dimensions: [("outcome", isNew ? "stored" : "duplicate")]).increment()
        if isNew {
            recordEventMetrics(transaction)
        }
        Timer(label: "pontoon_appservice_transaction_duration_seconds").record(duration: ContinuousClock.now - started)
        logger.debug("Transaction", metadata: [
            "txn_id": "\(txnID)", "new": "\(isNew)", "events": "\(transaction.events.count)",
            "ephemeral": "\(transaction.ephemeral.count)", "to_device": "\(transaction.toDevice.count)",
        ])
        return JSONResponse.emptyObject
    }

    private func recordEventMetrics(_ transaction: AppserviceTransaction) {
        var counts: [String: Int] = [:]
        for event in transaction.events { counts[EventTypeLabel.label(for: event.type), default: 0] += 1 }
        for event in transaction.ephemeral { counts[EventTypeLabel.label(for: event.type), default: 0] += 1 }
        if !transaction.toDevice.isEmpty { counts["to_device", default: 0] += transaction.toDevice.count }
        for (type, count) in counts {
            Counter(label: "pontoon_appservice_events_total", dimensions: [("type", type)]).increment(by: count)
        }
    }

    func queryUser(_ rawUserID: String) async throws -> Response {
        guard let userID = try? UserID(validating: rawUserID) else {
            throw MatrixErrorResponse.notFound("Not a valid user ID")
        }
        guard try await queries.userExists(userID) else { throw MatrixErrorResponse.notFound("No such user") }
        return JSONResponse.emptyObject
    }

    func queryAlias(_ rawAlias: String) async throws -> Response {
        guard let alias = try? RoomAlias(validating: rawAlias) else {
            throw MatrixErrorResponse.notFound("Not a valid room alias")
        }
        guard try await queries.aliasExists(alias) else { throw MatrixErrorResponse.notFound("No such room alias") }
        return JSONResponse.emptyObject
    }

    func ping(_ request: Request) async throws -> Response {
        let body = try await request.body.collect(upTo: min(maxBodySize, 64 * 1024))
        var transactionID: String?
        if body.readableBytes > 0 {
            guard let json = try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body)) else {
                throw MatrixErrorResponse.notJSON("ping body")
            }
            transactionID = json["transaction_id"]?.stringValue
        }
        await queries.pinged(transactionID: transactionID)
        return JSONResponse.emptyObject
    }

    func thirdPartyProtocol(_ name: String) async throws -> Response {
        guard let description = try await queries.thirdPartyProtocol(name) else {
            throw MatrixErrorResponse.notFound("Unknown protocol")
        }
        return JSONResponse.make(status: .ok, body: description)
    }

    func thirdPartyUsers(_ name: String, fields: [String: String]) async throws -> Response {
        guard let users = try await queries.thirdPartyUsers(protocol: name, fields: fields) else {
            throw MatrixErrorResponse.notFound("Unknown protocol")
        }
        return JSONResponse.make(status: .ok, body: .array(users))
    }

    func thirdPartyLocations(_ name: String, fields: [String: String]) async throws -> Response {
        guard let locations = try await queries.thirdPartyLocations(protocol: name, fields: fields) else {
            throw MatrixErrorResponse.notFound("Unknown protocol")
        }
        return JSONResponse.make(status: .ok, body: .array(locations))
    }

    func reverseUserLookup(_ rawUserID: String?) async throws -> Response {
        guard let rawUserID, let userID = try? UserID(validating: rawUserID) else {
            throw MatrixErrorResponse.badJSON("Query parameter userid must be a user ID")
        }
        return JSONResponse.make(status: .ok, body: .array(try await queries.thirdPartyUsers(matrixUser: userID)))
    }

    func reverseLocationLookup(_ rawAlias: String?) async throws -> Response {
        guard let rawAlias, let alias = try? RoomAlias(validating: rawAlias) else {
            throw MatrixErrorResponse.badJSON("Query parameter alias must be a room alias")
        }
        return JSONResponse.make(status: .ok, body: .array(try await queries.thirdPartyLocations(alias: alias)))
    }
}

/// Metric labels for event types: the set is bounded so a hostile homeserver can't explode cardinality.
enum EventTypeLabel {
    static let known: Set<String> = [
        "m.room.message", "m.room.encrypted", "m.reaction", "m.room.redaction", "m.room.member", "m.room.name",
        "m.room.topic", "m.room.avatar", "m.room.power_levels", "m.room.encryption", "m.room.create", "m.sticker",
        "m.typing", "m.receipt", "m.presence",
    ]

    static func label(for type: String) -> String { known.contains(type) ? type : "other" }
}
