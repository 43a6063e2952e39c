/// Limits how many connections to one server register at the same time, so a bridge with hundreds
/// of puppets does not hammer a server that just came back from a netsplit (servers throttle or
/// ban clients that connect too fast from one address).
public actor ConnectGate {
    private let limit: Int
    private let spacing: Duration
    private var active = 0
    private var waiters: [CheckedContinuation<Void, Never>] = []
    private var lastEntry = ContinuousClock.now - .seconds(3600)

    /// - Parameters:
    ///   - limit: connections registering at once.
    ///   - spacing: least time between two connection attempts.
    public init(limit: Int = 4, spacing: Duration = .milliseconds(250)) {
        self.limit = max(1, limit)
        self.spacing = spacing
    }

    func enter() async {
        if active >= limit {
            await withCheckedContinuation { waiters.append($0) }
        } else {
            active += 1
        }
        let wait = spacing - lastEntry.duration(to: .now)
        lastEntry = .now + max(wait, .zero)
        if wait > .zero { try? await Task.sleep(for: wait) }
    }

    func leave() {
        if waiters.isEmpty {
            active = max(0, active - 1)
        } else {
            // The slot passes straight to the next waiter.
            waiters.removeFirst().resume()
        }
    }
}
