import Synchronization

/// The running sessions by webhook key: how a provider's request finds its login.
final class SMSWebhookDirectory: Sendable {
    private let sessions = Mutex<[String: SMSSession]>([:])

    func register(_ session: SMSSession, key: String) {
        sessions.withLock { $0[key] = session }
    }

    func unregister(key: String) {
        sessions.withLock { _ = $0.removeValue(forKey: key) }
    }

    func session(forKey key: String) -> SMSSession? {
        sessions.withLock { $0[key] }
    }
}
