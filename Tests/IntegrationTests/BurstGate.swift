/// Holds a sender between two messages of a burst, so a test can choose when new events reach the
/// homeserver.
///
/// Synapse (1.163, `appservice/scheduler.py`) can strand a transaction when an appservice comes
/// back: a new event's transaction is created while the service still reads as down, so it is not
/// sent, and the recoverer's last "oldest unsent transaction?" query ran just before it was
/// created, so it marks the service up without it. That event never reaches any bridge. Tests of
/// the bridge's own exactly-once delivery hold the burst across that moment.
actor BurstGate {
    private var closed = false
    private var finished = false
    /// The sender, waiting at the closed gate.
    private var heldSender: CheckedContinuation<Void, Never>?
    /// `close()`, waiting for the sender to reach the gate.
    private var closer: CheckedContinuation<Void, Never>?
    private(set) var sent: [String] = []

    /// Called by the sender before each message: returns at once while the gate is open.
    func enter() async {
        guard closed else { return }
        await withCheckedContinuation { continuation in
            heldSender = continuation
            closer?.resume()
            closer = nil
        }
    }

    /// Called by the sender after each message went out.
    func didSend(_ name: String) { sent.append(name) }

    /// Called by the sender when it stops, done or failed.
    func finish() {
        finished = true
        closer?.resume()
        closer = nil
    }

    /// Closes the gate; returns once the sender waits at it (or stopped), with the last message it sent.
    func close() async -> String? {
        closed = true
        if heldSender == nil, !finished {
            await withCheckedContinuation { closer = $0 }
        }
        return sent.last
    }

    func open() {
        closed = false
        heldSender?.resume()
        heldSender = nil
    }
}
