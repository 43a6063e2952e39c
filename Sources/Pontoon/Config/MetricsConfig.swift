extension BridgeConfig {
    /// `metrics:` — the Prometheus endpoint.
    public struct Metrics: Codable, Sendable, Hashable {
        /// Whether to collect metrics and serve `GET /metrics`.
        public var enabled: Bool
        /// `host:port` (or `[ipv6]:port`) to serve them on.
        public var listen: String

        public init(enabled: Bool = false, listen: String = "127.0.0.1:8001") {
            self.enabled = enabled
            self.listen = listen
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case enabled, listen }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            enabled = try section.value(.enabled, default: false)
            listen = try section.value(.listen, default: ConfigDefaults.metricsListen)
        }

        /// `listen` split into host and port; `nil` when it isn't `host:port`.
        public var listenAddress: (host: String, port: Int)? {
            guard let colon = listen.lastIndex(of: ":") else { return nil }
            var host = String(listen[..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            guard !host.isEmpty, !host.contains(" "), let port = Int(listen[listen.index(after: colon)...]),
                  (1...65535).contains(port) else { return nil }
            if host.contains(":"), !listen.hasPrefix("[") { return nil }  // unbracketed IPv6 is ambiguous
            return (host, port)
        }
    }
}
