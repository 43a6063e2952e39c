import Foundation
import SQLKit

/// The Matrix events the bridge has handled (table `processed_matrix_event`): the exactly-once guard for
/// Matrix → network, since the appservice inbox delivers each event at least once (again after a crash).
///
/// Mark an event where its effect becomes final: in the same transaction that records the result (see
/// ``within(_:)``) when the effect is in the database, or right before an effect that cannot be undone (sending
/// to the network), which turns a crash in between into "not sent" rather than "sent twice".
public struct CoreProcessedEventStore: Sendable {
    static let table = "processed_matrix_event"
    private let context: CoreStoreContext

    public init(database: BridgeDatabase) {
        self.context = CoreStoreContext(database: database)
    }

    private init(context: CoreStoreContext) {
        self.context = context
    }

    /// This store, running its statements on `transaction` (the `db` of a ``BridgeDatabase/transaction(isolation:_:)``
    /// body) so that they commit or roll back with it.
    public func within(_ transaction: any SQLDatabase) -> CoreProcessedEventStore {
        CoreProcessedEventStore(context: context.within(transaction))
    }

    /// Records that event `eventID` in room `roomID` is handled, unless it already was.
    ///
    /// - Returns: true the first time (go ahead and handle it); false if it was marked before (skip it). Of
    ///   concurrent calls for one event, exactly one returns true.
    public func markIfNew(_ eventID: String, in roomID: String, at date: Date = Date()) async throws -> Bool {
        let inserted = try await context.sql.insert(into: Self.table)
            .columns("room_mxid", "event_mxid", "handled_at")
            .values(
                try CoreBind.text(roomID, "room_mxid"), try CoreBind.text(eventID, "event_mxid"),
                SQLBind(Timestamp.milliseconds(date)))
            .ignoringConflicts(with: ["room_mxid", "event_mxid"])
            .returning("event_mxid")
            .all()
        return !inserted.isEmpty
    }

    /// Whether event `eventID` in room `roomID` was marked handled.
    public func contains(_ eventID: String, in roomID: String) async throws -> Bool {
        try await context.sql.select().column("event_mxid").from(Self.table)
            .where("room_mxid", .equal, try CoreBind.text(roomID, "room_mxid"))
            .where("event_mxid", .equal, try CoreBind.text(eventID, "event_mxid"))
            .first() != nil
    }

    /// Forgets events handled before `cutoff`; an event redelivered after that would be handled again, so keep
    /// well beyond how long the inbox may hold an event (it redelivers only what was not completed).
    ///
    /// - Returns: how many were forgotten.
    @discardableResult
    public func prune(olderThan cutoff: Date) async throws -> Int {
        try await context.sql.delete(from: Self.table)
            .where("handled_at", .lessThan, SQLBind(Timestamp.milliseconds(cutoff)))
            .returning("event_mxid")
            .all()
            .count
    }
}
