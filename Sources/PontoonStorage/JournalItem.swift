import Foundation

/// One event of a homeserver transaction, as the journal stores it: a kind (e.g. `"pdu"`, `"ephemeral"`,
/// `"to_device"`) and its raw bytes, kept byte for byte.
public struct JournalItem: Sendable, Hashable {
    public var kind: String
    public var payload: Data

    public init(kind: String, payload: Data) {
        self.kind = kind
        self.payload = payload
    }

    public init(kind: String, bytes: [UInt8]) {
        self.init(kind: kind, payload: Data(bytes))
    }
}

/// A journaled event not yet handled, in arrival order.
public struct JournalEntry: Sendable, Hashable {
    /// Position in the journal; increasing in arrival order, never reused. Pass it to `markHandled`.
    public var seq: Int64
    /// The homeserver transaction the event arrived in.
    public var transactionID: String
    public var kind: String
    public var payload: Data
    /// When the transaction was recorded (millisecond precision).
    public var receivedAt: Date

    public init(seq: Int64, transactionID: String, kind: String, payload: Data, receivedAt: Date) {
        self.seq = seq
        self.transactionID = transactionID
        self.kind = kind
        self.payload = payload
        self.receivedAt = receivedAt
    }
}
