import Foundation
import Logging
import Metrics
import PontoonStorage
import ServiceLifecycle
import Synchronization

/// Hands journaled homeserver items to the bridge in order, and removes them once handled.
///
/// At start it first drains what a previous run stored but did not finish, so nothing the
/// homeserver was told "received" is ever lost.
public final class InboxDispatcher: Service, Sendable {
    private let journal: TransactionJournal
    private let handler: any MatrixEventHandler
    private let logger: Logger
    private let batchSize: Int
    private let wakeups: AsyncStream<Void>
    private let wakeupContinuation: AsyncStream<Void>.Continuation

    public init(journal: TransactionJournal, handler: any MatrixEventHandler, batchSize: Int = 256,
                logger: Logger = Logger(label: "pontoon.inbox")) {
        self.journal = journal
        self.handler = handler
        self.logger = logger
        self.batchSize = batchSize
        (wakeups, wakeupContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Signals that new items were journaled.
    public func wake() {
        wakeupContinuation.yield()
    }

    public func run() async throws {
        try await drain()
        for await _ in wakeups.cancelOnGracefulShutdown() {
            do {
                try await drain()
            } catch {
                // The database hiccuped; the items stay journaled and the next wake-up retries them.
                logger.error("Inbox drain failed", metadata: ["error": "\(error)"])
                try? await Task.sleep(for: .milliseconds(500))
                wake()
            }
        }
    }

    /// Handles every pending item, oldest first, until the journal is empty.
    public func drain() async throws {
        while true {
            let entries = try await journal.pending(limit: batchSize)
            if entries.isEmpty { return }
            for entry in entries {
                do {
                    if let item = try InboxCoding.item(kind: entry.kind, payload: entry.payload) {
                        await handler.handle(item)
                    } else {
                        logger.warning("Dropping journal row of unknown kind", metadata: ["seq": "\(entry.seq)", "kind": "\(entry.kind)"])
                    }
                } catch {
                    logger.warning("Dropping unreadable journal row", metadata: ["seq": "\(entry.seq)", "error": "\(error)"])
                }
            }
            try await journal.markHandled(entries.map(\.seq))
            Counter(label: "pontoon_inbox_items_handled_total").increment(by: entries.count)
        }
    }
}
