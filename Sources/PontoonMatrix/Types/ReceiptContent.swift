/// Content of `m.receipt`: event ID → receipt type (`m.read`, `m.read.private`) → user → receipt.
///
/// Entries whose event ID or user ID is invalid, or whose receipt is not an object, are dropped.
public struct ReceiptContent: EventContent {
    public static var eventType: String { "m.receipt" }

    /// `m.read`.
    public static let read = "m.read"
    /// `m.read.private`.
    public static let readPrivate = "m.read.private"

    public var receipts: [EventID: [String: [UserID: Receipt]]]
    /// Always empty: every member of this content is an event ID.
    public var extra: [String: JSONValue] = [:]

    public init(receipts: [EventID: [String: [UserID: Receipt]]]) {
        self.receipts = receipts
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        guard let events = json.objectValue else {
            throw ContentDecodingError(path: "", reason: "expected an object, found \(json.kindDescription)")
        }
        receipts = [:]
        for (rawEventID, byType) in events {
            guard let eventID = try? EventID(validating: rawEventID), let byType = byType.objectValue else { continue }
            var types: [String: [UserID: Receipt]] = [:]
            for (receiptType, byUser) in byType {
                guard let byUser = byUser.objectValue else { continue }
                var users: [UserID: Receipt] = [:]
                for (rawUserID, receipt) in byUser {
                    guard let userID = try? UserID(validating: rawUserID), let receipt = try? Receipt(json: receipt) else { continue }
                    users[userID] = receipt
                }
                types[receiptType] = users
            }
            receipts[eventID] = types
        }
    }

    public var json: JSONValue {
        var object = extra
        for (eventID, byType) in receipts {
            object[eventID.rawValue] = .object(byType.mapValues { byUser in
                .object(Dictionary(byUser.map { ($0.key.rawValue, $0.value.json) }, uniquingKeysWith: { first, _ in first }))
            })
        }
        return .object(object)
    }

    /// The receipts as flat (event, type, user, receipt) entries.
    public var entries: [(eventID: EventID, receiptType: String, userID: UserID, receipt: Receipt)] {
        receipts.flatMap { eventID, byType in
            byType.flatMap { receiptType, byUser in
                byUser.map { (eventID: eventID, receiptType: receiptType, userID: $0.key, receipt: $0.value) }
            }
        }
    }
}

/// One user's receipt.
public struct Receipt: JSONObjectCodable {
    /// When the user read up to the event (ms since the epoch).
    public var ts: Int64?
    /// `thread_id`: the thread, or `main`; absent for unthreaded receipts.
    public var threadID: String?
    public var extra: [String: JSONValue] = [:]

    public init(ts: Int64?, threadID: String? = nil) {
        self.ts = ts
        self.threadID = threadID
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        ts = try reader.int64("ts")
        threadID = try reader.string("thread_id")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let ts { object["ts"] = .int(ts) }
        if let threadID { object["thread_id"] = .string(threadID) }
        return .object(object)
    }
}
