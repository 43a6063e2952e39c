/// Lets a task wait, with a timeout, for something named to arrive in a later transaction: a
/// decryption that found no Megolm session waits for its key (clients often send the `m.room_key`
/// a moment after the room event, and the homeserver may put the two in different transactions),
/// and the start-up probe waits for its own to-device message.
actor ArrivalSignals {
    /// Recently arrived names, so an arrival between a failed attempt and the wait is not missed.
    /// Bounded: only the last few hundred matter.
    private var arrived: Set<String> = []
    private var arrivalOrder: [String] = []
    private var waiters: [String: [Int: CheckedContinuation<Bool, Never>]] = [:]
    private var nextToken = 0
    private let memory: Int

    init(memory: Int = 512) {
        self.memory = memory
    }

    /// Records that `name` arrived and wakes whoever waits for it.
    func signal(_ name: String) {
        if arrived.insert(name).inserted {
            arrivalOrder.append(name)
            if arrivalOrder.count > memory { arrived.remove(arrivalOrder.removeFirst()) }
        }
        for waiter in (waiters.removeValue(forKey: name) ?? [:]).values { waiter.resume(returning: true) }
    }

    /// Waits until `name` arrives (true) or `timeout` passes (false).
    func wait(for name: String, timeout: Duration) async -> Bool {
        if arrived.contains(name) { return true }
        nextToken += 1
        let token = nextToken
        return await withCheckedContinuation { continuation in
            waiters[name, default: [:]][token] = continuation
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(name: name, token: token)
            }
        }
    }

    private func expire(name: String, token: Int) {
        guard let waiter = waiters[name]?.removeValue(forKey: token) else { return }
        if waiters[name]?.isEmpty == true { waiters[name] = nil }
        waiter.resume(returning: false)
    }
}
