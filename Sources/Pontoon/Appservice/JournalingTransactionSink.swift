import Foundation
import Logging
import PontoonMatrix
import PontoonStorage

/// Stores each transaction's items in the database journal before the homeserver gets its answer,
/// then wakes the dispatcher.
public struct JournalingTransactionSink: AppserviceTransactionSink {
    let journal: TransactionJournal
    let dispatcher: InboxDispatcher

    public init(journal: TransactionJournal, dispatcher: InboxDispatcher) {
        self.journal = journal
        self.dispatcher = dispatcher
    }

    public func store(transactionID: String, transaction: AppserviceTransaction) async throws -> Bool {
        let items = try InboxCoding.items(of: transaction)
        let isNew = try await journal.record(transactionID: transactionID, items: items)
        if isNew && !items.isEmpty { dispatcher.wake() }
        return isNew
    }
}

/// How inbox items are written to and read from the journal: one row per item, its raw JSON.
enum InboxCoding {
    static let event = "event"
    static let ephemeral = "ephemeral"
    static let toDevice = "to_device"
    static let deviceState = "device_state"

    static func items(of transaction: AppserviceTransaction) throws -> [JournalItem] {
        var items: [JournalItem] = []
        items.reserveCapacity(transaction.events.count + transaction.ephemeral.count + transaction.toDevice.count + 1)
        for pdu in transaction.events { items.append(JournalItem(kind: event, payload: pdu.rawJSON())) }
        for edu in transaction.ephemeral { items.append(JournalItem(kind: ephemeral, payload: edu.rawJSON())) }
        for message in transaction.toDevice { items.append(JournalItem(kind: toDevice, payload: message.rawJSON())) }
        let state = DeviceState(
            deviceLists: transaction.deviceLists, oneTimeKeyCounts: transaction.oneTimeKeyCounts,
            unusedFallbackKeyTypes: transaction.unusedFallbackKeyTypes)
        if !state.isEmpty { items.append(JournalItem(kind: deviceState, payload: try JSONEncoder().encode(state))) }
        return items
    }

    /// Decodes a journal row; `nil` for rows that can't be read (logged by the caller, then dropped:
    /// retrying an unreadable row would block everything behind it).
    static func item(kind: String, payload: Data) throws -> MatrixInboxItem? {
        switch kind {
        case event: return .event(try ClientEvent(jsonBytes: payload))
        case ephemeral: return .ephemeral(try EphemeralEvent(jsonBytes: payload))
        case toDevice: return .toDevice(try ToDeviceEvent(jsonBytes: payload))
        case deviceState: return .deviceState(try JSONDecoder().decode(DeviceState.self, from: payload))
        default: return nil
        }
    }
}
