/// Messages sent and not yet echoed back by the server (IRCv3 `echo-message`): matched by `label`
/// when the server has labeled-response, else by target and text in order.
struct PendingEchoes: Sendable {
    enum Key: Hashable, Sendable {
        case label(String)
        case content(target: String, text: String)
    }

    private var waiting: [Key: [OneShot<String>]] = [:]

    mutating func expect(_ key: Key) -> OneShot<String> {
        let waiter = OneShot<String>()
        waiting[key, default: []].append(waiter)
        return waiter
    }

    /// Delivers an echoed message's `msgid` to its sender; false when nobody waited for it (a message
    /// sent by another client of the same account, or one that timed out).
    mutating func resolve(_ echo: IRCMessage, fold: (String) -> String) -> Bool {
        let key: Key
        if let label = echo.tags["label"] {
            key = .label(label)
        } else {
            guard echo.parameters.count >= 2 else { return false }
            key = .content(target: fold(echo.parameters[0]), text: echo.parameters[1])
        }
        guard var queue = waiting[key], !queue.isEmpty else { return false }
        let waiter = queue.removeFirst()
        waiting[key] = queue.isEmpty ? nil : queue
        waiter.fulfill(echo.msgID)
        return true
    }

    /// A labeled answer that is not the echo (an error such as "no such nick", or an empty batch):
    /// the sender stops waiting, without a msgid.
    mutating func answered(label: String) {
        guard var queue = waiting[.label(label)], !queue.isEmpty else { return }
        let waiter = queue.removeFirst()
        waiting[.label(label)] = queue.isEmpty ? nil : queue
        waiter.fulfill(nil)
    }

    mutating func failAll() {
        for waiter in waiting.values.joined() { waiter.fulfill(nil) }
        waiting = [:]
    }
}
