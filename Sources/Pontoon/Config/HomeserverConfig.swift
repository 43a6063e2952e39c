import Foundation

extension BridgeConfig {
    /// `homeserver:` — where the bridge reaches the homeserver and whose users it serves.
    public struct Homeserver: Codable, Sendable, Hashable {
        /// Client-server API base URL as seen from the bridge, e.g. `http://localhost:8008`.
        public var address: URL
        /// The server name in user IDs (`example.org` in `@alice:example.org`).
        public var domain: String

        public init(address: URL, domain: String) {
            self.address = address
            self.domain = domain
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case address, domain }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            address = try section.httpURL(.address, placeholder: BridgeConfig.placeholderURL)
            domain = try section.requiredString(.domain)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(address.absoluteString, forKey: .address)
            try container.encode(domain, forKey: .domain)
        }
    }
}
