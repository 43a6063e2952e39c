/// A first-come-first-served async lock: one holder at a time, waiters queued without blocking a thread.
///
/// SQLite allows one writer at a time. Queueing writers here, in the process, instead of letting them collide
/// inside SQLite keeps them from sleeping in SQLite's busy-retry loop (which polls and blocks a thread).
actor WriterGate {
    private var held = false
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var nextWaiter = 0

    /// Waits until the gate is free and takes it. Not cancellable: a waiter keeps its place in the queue.
    func acquire() async {
        guard held else {
            held = true
            return
        }
        await withCheckedContinuation { waiters.append($0) }
    }

    /// Hands the gate to the next waiter, or frees it.
    func release() {
        guard nextWaiter < waiters.count else {
            held = false
            waiters.removeAll(keepingCapacity: true)
            nextWaiter = 0
            return
        }
        let next = waiters[nextWaiter]
        nextWaiter += 1
        if nextWaiter > 64, nextWaiter * 2 > waiters.count {
            waiters.removeFirst(nextWaiter)
            nextWaiter = 0
        }
        next.resume()
    }
}
