extension BridgeConfig {
    /// `double_puppet:` — how the bridge sends as users' real Matrix accounts.
    public struct DoublePuppet: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
        /// Server name → secret. `as_token:<token>` uses the as_token of a second, non-exclusive
        /// registration that claims the users of that server (the mautrix convention).
        public var secrets: [String: String]

        public init(secrets: [String: String] = [:]) {
            self.secrets = secrets
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case secrets }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            secrets = try section.value(.secrets, default: [:])
        }

        /// The secrets left out, so that logging the section can't leak them.
        public var description: String {
            "DoublePuppet(servers: \(secrets.keys.sorted().joined(separator: ", ")), secrets: <redacted>)"
        }

        public var debugDescription: String { description }
    }
}
