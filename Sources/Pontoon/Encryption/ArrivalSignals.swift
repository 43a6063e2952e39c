/// Lets a decryption that found no Megolm session wait for its key: clients often send the
/// `m.room_key` to-device message a moment after the room event, and the homeserver may put the
/// two in different transactions.
actor RoomKeyArrivals {
    /// Recently arrived session IDs, so a key that lands between the failed decryption and the
    /// wait is not missed. Bounded: only the last few hundred matter.
    private var arrived: Set<String> = []
    private var arrivalOrder: [String] = []
    private var waiters: [String: [Int: CheckedContinuation<Bool, Never>]] = [:]
    private var nextToken = 0
    private let memory: Int

    init(memory: Int = 512) {
        self.memory = memory
    }

    /// Records that the key of `sessionID` is stored and wakes whoever waits for it.
    func keyArrived(sessionID: String) {
        if arrived.insert(sessionID).inserted {
            arrivalOrder.append(sessionID)
            if arrivalOrder.count > memory { arrived.remove(arrivalOrder.removeFirst()) }
        }
        for waiter in (waiters.removeValue(forKey: sessionID) ?? [:]).values { waiter.resume(returning: true) }
    }

    /// Waits until the key of `sessionID` arrives (true) or `timeout` passes (false).
    func wait(for sessionID: String, timeout: Duration) async -> Bool {
        if arrived.contains(sessionID) { return true }
        nextToken += 1
        let token = nextToken
        return await withCheckedContinuation { continuation in
            waiters[sessionID, default: [:]][token] = continuation
            Task {
                try? await Task.sleep(for: timeout)
                self.expire(sessionID: sessionID, token: token)
            }
        }
    }

    private func expire(sessionID: String, token: Int) {
        guard let waiter = waiters[sessionID]?.removeValue(forKey: token) else { return }
        if waiters[sessionID]?.isEmpty == true { waiters[sessionID] = nil }
        waiter.resume(returning: false)
    }
}
