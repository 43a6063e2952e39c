import Foundation
import Logging
import Metrics
import PontoonStorage
import ServiceLifecycle
import Synchronization

/// Hands journaled homeserver items to the bridge in order, and removes them once completed.
///
/// At start it first hands over what a previous run stored but did not complete, so nothing the
/// homeserver was told "received" is ever lost.
public final class InboxDispatcher: Service, Sendable {
    private let journal: TransactionJournal
    private let handler: any MatrixEventHandler
    private let logger: Logger
    private let batchSize: Int
    private let wakeups: AsyncStream<Void>
    private let wakeupContinuation: AsyncStream<Void>.Continuation
    private let completion: InboxCompletion

    public init(journal: TransactionJournal, handler: any MatrixEventHandler, batchSize: Int = 256,
                logger: Logger = Logger(label: "pontoon.inbox")) {
        self.journal = journal
        self.handler = handler
        self.logger = logger
        self.batchSize = batchSize
        let (wakeups, wakeupContinuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        self.wakeups = wakeups
        self.wakeupContinuation = wakeupContinuation
        // A completion wakes the loop so completed items leave the journal soon, not at the next transaction.
        completion = InboxCompletion(onComplete: { wakeupContinuation.yield() })
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
        try? await removeCompleted()
    }

    /// Hands over every journaled item not handed over yet, oldest first, and removes the ones
    /// completed meanwhile. Returns when the journal has nothing new.
    public func drain() async throws {
        while true {
            try await removeCompleted()
            let entries = try await journal.pending(after: completion.handedOutThrough, limit: batchSize)
            if entries.isEmpty { return }
            for entry in entries {
                completion.handedOut(entry.seq)
                do {
                    if let item = try InboxCoding.item(kind: entry.kind, payload: entry.payload) {
                        await handler.handle(InboxDelivery(item: item, seq: entry.seq, completion: completion))
                    } else {
                        logger.warning("Dropping journal row of unknown kind", metadata: ["seq": "\(entry.seq)", "kind": "\(entry.kind)"])
                        completion.complete(entry.seq)
                    }
                } catch {
                    logger.warning("Dropping unreadable journal row", metadata: ["seq": "\(entry.seq)", "error": "\(error)"])
                    completion.complete(entry.seq)
                }
            }
            try await removeCompleted()
        }
    }

    /// Deletes completed items from the journal.
    func removeCompleted() async throws {
        let done = completion.takeCompleted()
        guard !done.isEmpty else { return }
        do {
            try await journal.markHandled(done)
        } catch {
            completion.putBack(done)
            throw error
        }
        Counter(label: "pontoon_inbox_items_handled_total").increment(by: done.count)
    }
}

/// Which handed-out items are done. Completions may come from any task (portal queues), so
/// this is a lock-protected value; the dispatcher deletes them from the journal in batches.
final class InboxCompletion: Sendable {
    private let state = Mutex<(handedOutThrough: Int64, completed: [Int64])>((0, []))
    private let onComplete: @Sendable () -> Void

    init(onComplete: @escaping @Sendable () -> Void) {
        self.onComplete = onComplete
    }

    var handedOutThrough: Int64 { state.withLock { $0.handedOutThrough } }

    func handedOut(_ seq: Int64) {
        state.withLock { $0.handedOutThrough = max($0.handedOutThrough, seq) }
    }

    func complete(_ seq: Int64) {
        state.withLock { $0.completed.append(seq) }
        onComplete()
    }

    func takeCompleted() -> [Int64] {
        state.withLock { state in
            defer { state.completed = [] }
            return state.completed
        }
    }

    func putBack(_ seqs: [Int64]) {
        state.withLock { $0.completed.append(contentsOf: seqs) }
    }
}
