import Logging
import Synchronization

/// Every log line (message and metadata) written through ``handler()``, for assertions.
final class CapturedLogs: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    func append(_ line: String) { storage.withLock { $0.append(line) } }

    func handler() -> CapturingLogHandler { CapturingLogHandler(store: self) }
}

/// A value-semantics log handler that appends into a shared ``CapturedLogs``.
struct CapturingLogHandler: LogHandler {
    let store: CapturedLogs
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .trace

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        store.append("\(event.level) \(event.message) \(merged)")
    }
}
