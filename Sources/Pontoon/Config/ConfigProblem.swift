/// One thing wrong with the config file, tied to the key an admin has to change.
///
/// Messages never repeat the value of a key: the value may be a token or a secret.
public struct ConfigProblem: Sendable, Hashable, CustomStringConvertible {
    /// The dotted key path, e.g. `appservice.port` or `bridge.permissions."@admin:example.org"`.
    public let key: String
    /// What is wrong and, where useful, what to write instead.
    public let message: String

    public init(key: String, message: String) {
        self.key = key
        self.message = message
    }

    public var description: String { "\(key): \(message)" }
}
