import Synchronization

/// A value delivered once, awaited by one task with a timeout: how a sender waits for the server's
/// echo of its message. The first `fulfill` wins; later ones are ignored.
final class OneShot<Value: Sendable>: Sendable {
    private enum State {
        case waiting(CheckedContinuation<Value?, Never>?)
        case done(Value?)
    }

    private let state = Mutex(State.waiting(nil))

    func fulfill(_ value: Value?) {
        let waiter: CheckedContinuation<Value?, Never>? = state.withLock { state in
            guard case .waiting(let continuation) = state else { return nil }
            state = .done(value)
            return continuation
        }
        waiter?.resume(returning: value)
    }

    /// The value, or nil when it does not come within `timeout`.
    func value(timeout: Duration) async -> Value? {
        await withTaskGroup(of: Value?.self) { group in
            group.addTask { await self.wait() }
            group.addTask {
                try? await Task.sleep(for: timeout)
                self.fulfill(nil)
                return nil
            }
            let first = await group.next() ?? nil
            group.cancelAll()
            return first
        }
    }

    private func wait() async -> Value? {
        await withCheckedContinuation { continuation in
            let ready: Value?? = state.withLock { state in
                if case .done(let value) = state { return .some(value) }
                state = .waiting(continuation)
                return .none
            }
            if let ready { continuation.resume(returning: ready) }
        }
    }
}
