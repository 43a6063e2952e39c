import Logging

/// Runs work items one at a time, in the order they were enqueued: a portal's ordered queue.
///
/// `enqueue` never waits (the buffer is unbounded), so work running on the queue may enqueue more
/// work on the same queue — a plugin reporting an echo from inside `send` — without deadlocking it,
/// the trap mautrix-go connectors fell into with a bounded channel. Different queues run concurrently,
/// so a slow remote stalls only its own portal.
public final class OrderedWorkQueue: Sendable {
    public typealias Work = @Sendable () async -> Void

    private let continuation: AsyncStream<Work>.Continuation
    private let consumer: Task<Void, Never>

    /// - Parameter label: for logs (a portal key); never message content.
    public init(label: String, logger: Logger = .pontoon("portal")) {
        let (stream, continuation) = AsyncStream.makeStream(of: Work.self, bufferingPolicy: .unbounded)
        self.continuation = continuation
        consumer = Task {
            for await work in stream {
                await work()
            }
            logger.debug("Queue drained and closed", metadata: ["queue": "\(label)"])
        }
    }

    /// Adds work after everything enqueued before; returns at once.
    /// - Returns: `false` when the queue was closed and the work will not run.
    @discardableResult
    public func enqueue(_ work: @escaping Work) -> Bool {
        if case .terminated = continuation.yield(work) { return false }
        return true
    }

    /// Enqueues `work` and waits for its result. Never call this from work on the same queue: it
    /// would wait for itself (use `enqueue` there).
    public func perform<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { (result: CheckedContinuation<T, any Error>) in
            let accepted = enqueue {
                do { result.resume(returning: try await work()) } catch { result.resume(throwing: error) }
            }
            if !accepted { result.resume(throwing: CancellationError()) }
        }
    }

    /// Stops accepting work; what is queued still runs. Await ``drained()`` to wait for it.
    public func close() {
        continuation.finish()
    }

    /// Waits until the queue is closed and everything in it has run.
    public func drained() async {
        await consumer.value
    }

    deinit {
        continuation.finish()
    }
}
