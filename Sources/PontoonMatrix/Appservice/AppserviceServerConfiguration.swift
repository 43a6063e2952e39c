/// How the appservice HTTP API is served.
public struct AppserviceServerConfiguration: Sendable {
    /// The token the homeserver sends (`hs_token` of the registration).
    public var hsToken: String
    /// Largest request body accepted, in bytes; larger ones get 413 `M_TOO_LARGE`.
    public var maxBodySize: Int

    /// The default body limit: Synapse sends at most 100 PDUs (64 KiB each), 100 EDUs and 100
    /// to-device messages per transaction, so 32 MiB leaves room for every legitimate transaction.
    public static let defaultMaxBodySize = 32 * 1024 * 1024

    public init(hsToken: String, maxBodySize: Int = defaultMaxBodySize) {
        self.hsToken = hsToken
        self.maxBodySize = maxBodySize
    }
}
