/// A Kannel webhook request the bridge can't read: a parameter is missing or garbage. The bridge
/// answers it with 400 and this description.
public struct KannelWebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, naming the parameter and, where it helps, the Kannel escape that fills it.
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
