import Foundation

extension BridgeConfig {
    /// `public_media:` — links to Matrix media that people on the network can open without a Matrix
    /// account. Homeservers serve media only to logged-in users, so the bridge fetches the file as
    /// its bot and serves it on its own listener, under a URL signed so that nobody can guess others.
    public struct PublicMedia: Codable, Sendable, Hashable {
        /// Whether files the network can't carry are sent as links (else as their name only).
        public var enabled: Bool
        /// The address of the bridge's listener as people on the network reach it (often a
        /// reverse proxy in front of `appservice.hostname:port`); links start with it.
        public var externalURL: URL?
        /// The key that signs links; empty derives one from `appservice.as_token`.
        /// Changing it breaks every link given out so far.
        public var signingKey: String
        /// How long a link works, in hours; 0 means forever.
        public var expiryHours: Int
        /// Largest file served, in bytes (the bridge holds it in memory while serving it).
        public var maxBytes: Int

        public static let defaultMaxBytes = 50 << 20

        public init(enabled: Bool = false, externalURL: URL? = nil, signingKey: String = "", expiryHours: Int = 0,
                    maxBytes: Int = defaultMaxBytes) {
            self.enabled = enabled
            self.externalURL = externalURL
            self.signingKey = signingKey
            self.expiryHours = expiryHours
            self.maxBytes = maxBytes
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled
            case externalURL = "external_url"
            case signingKey = "signing_key"
            case expiryHours = "expiry_hours"
            case maxBytes = "max_bytes"
        }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            enabled = try section.value(.enabled, default: false)
            let address: String = try section.value(.externalURL, default: "")
            if address.isEmpty {
                externalURL = nil
            } else if let url = ConfigSectionReader<CodingKeys>.parseHTTPURL(address) {
                externalURL = url
            } else {
                externalURL = nil
                try section.fail([CodingKeys.externalURL], "must be an http:// or https:// URL with a host, like https://bridge.example.org")
            }
            signingKey = try section.value(.signingKey, default: "")
            expiryHours = try section.value(.expiryHours, default: 0)
            maxBytes = try section.value(.maxBytes, default: Self.defaultMaxBytes)
        }
    }
}
