import Logging
import NIOCore
import Synchronization

/// The write side of one open connection: lines wait in order for the flood limiter, except
/// protocol lines (PONG, registration, QUIT), which go out at once on their own ordered lane.
final class LiveConnection: Sendable {
    private struct State {
        var outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>?
        var registered = false
        var ready = false
        var finished = false
        var nextID = 0
        var pending: [Int: CheckedContinuation<Void, any Error>] = [:]
    }

    private let state = Mutex(State())
    private let flood: FloodPolicy
    private let queue: AsyncStream<(id: Int, line: String)>
    private let queueInput: AsyncStream<(id: Int, line: String)>.Continuation
    private let priority: AsyncStream<String>
    private let priorityInput: AsyncStream<String>.Continuation

    init(flood: FloodPolicy) {
        self.flood = flood
        (queue, queueInput) = AsyncStream.makeStream()
        (priority, priorityInput) = AsyncStream.makeStream()
    }

    var isRegistered: Bool { state.withLock { $0.registered } }
    var isReady: Bool { state.withLock { $0.ready } }
    func markRegistered() { state.withLock { $0.registered = true } }
    func markReady() { state.withLock { $0.ready = true } }

    func attach(_ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) {
        state.withLock { $0.outbound = outbound }
    }

    /// Queues a protocol line ahead of the flood-limited lane.
    func writeImmediately(_ message: IRCMessage, logger: Logger) {
        do {
            priorityInput.yield(try message.wireLine())
        } catch {
            logger.warning("IRC line not sent", metadata: ["command": "\(message.command)", "error": "\(error)"])
        }
    }

    /// Queues a line on the flood-limited lane; returns when it was written.
    func enqueue(_ line: String) async throws {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            let id: Int? = state.withLock { state in
                guard !state.finished else { return nil }
                state.nextID += 1
                state.pending[state.nextID] = continuation
                return state.nextID
            }
            guard let id else { return continuation.resume(throwing: IRCClientError.notConnected) }
            queueInput.yield((id, line))
        }
    }

    /// Writes both lanes until the connection ends.
    func runWriter() async {
        guard let outbound = state.withLock({ $0.outbound }) else { return }
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for await line in self.priority {
                    try? await outbound.write(ByteBuffer(string: line + "\r\n"))
                }
            }
            group.addTask { await self.writeLimited(outbound) }
            await group.next()
            group.cancelAll()
        }
    }

    private func writeLimited(_ outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>) async {
        var limiter = FloodLimiter(policy: flood, now: .now)
        for await item in queue {
            if let delay = limiter.delayBeforeNextLine(now: .now) {
                try? await Task.sleep(for: delay)
                _ = limiter.delayBeforeNextLine(now: .now)
            }
            let continuation = state.withLock { $0.pending.removeValue(forKey: item.id) }
            do {
                try await outbound.write(ByteBuffer(string: item.line + "\r\n"))
                continuation?.resume()
            } catch {
                continuation?.resume(throwing: IRCClientError.notConnected)
            }
        }
    }

    /// Ends both lanes and fails every line still waiting.
    func finish() {
        let waiting = state.withLock { state in
            state.finished = true
            defer { state.pending = [:] }
            return Array(state.pending.values)
        }
        queueInput.finish()
        priorityInput.finish()
        for continuation in waiting { continuation.resume(throwing: IRCClientError.notConnected) }
    }

    func close() { finish() }
}
