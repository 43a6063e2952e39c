import Logging
import Synchronization

/// Installs the process's log handler: lines on stderr, with a level per component.
public enum LoggingSetup {
    /// Labels of Pontoon's loggers start with this; the rest is the component.
    public static let labelPrefix = "pontoon."

    private static let current = Mutex<BridgeConfig.Logging?>(nil)

    /// Makes every logger created from now on use `logging`'s levels. swift-log accepts one
    /// bootstrap per process, so the first call installs the handler and later calls (tests,
    /// a reloaded config) only change the levels of loggers created afterwards.
    public static func bootstrap(_ logging: BridgeConfig.Logging) {
        let firstCall = current.withLock { state in
            defer { state = logging }
            return state == nil
        }
        guard firstCall else { return }
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level(forLabel: label)
            return handler
        }
    }

    /// The level for a logger label under the levels set by the last ``bootstrap(_:)``.
    public static func level(forLabel label: String) -> Logger.Level {
        let logging = current.withLock { $0 } ?? BridgeConfig.Logging()
        return level(forLabel: label, in: logging)
    }

    /// `logging.components` is searched for the component and then for each shorter prefix of it
    /// (`matrix.client.media`, `matrix.client`, `matrix`); labels of other libraries
    /// (`hummingbird`, …) are looked up whole. Without a match, `logging.level` applies.
    public static func level(forLabel label: String, in logging: BridgeConfig.Logging) -> Logger.Level {
        var component = label.hasPrefix(labelPrefix) ? String(label.dropFirst(labelPrefix.count)) : label
        while !component.isEmpty {
            if let level = logging.components[component] { return level }
            guard let dot = component.lastIndex(of: ".") else { break }
            component = String(component[..<dot])
        }
        return logging.level
    }
}
