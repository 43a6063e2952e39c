import Logging

extension Logger {
    /// The logger of one Pontoon component, labelled `pontoon.<component>`; its level comes from
    /// `logging.components.<component>` (or `logging.level`) once ``LoggingSetup`` ran.
    public static func pontoon(_ component: String) -> Logger {
        Logger(label: LoggingSetup.labelPrefix + component)
    }
}
