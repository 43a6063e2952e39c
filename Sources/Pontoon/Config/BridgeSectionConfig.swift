extension BridgeConfig {
    /// `bridge:` — behaviour shared by every network: commands, permissions, relaying.
    public struct Bridge: Codable, Sendable, Hashable {
        /// Prefix of bot commands in rooms other than the management room, e.g. `!irc`.
        public var commandPrefix: String
        /// `*`, a server name or a user ID → the level of access. The most specific entry wins.
        public var permissions: [String: PermissionLevel]
        /// Relaying messages of users without a remote login.
        public var relay: Relay

        /// Everyone may use relays, nobody may log in until an admin says so.
        public static let defaultPermissions: [String: PermissionLevel] = ["*": .relay]

        public init(commandPrefix: String, permissions: [String: PermissionLevel] = defaultPermissions,
                    relay: Relay = Relay()) {
            self.commandPrefix = commandPrefix
            self.permissions = permissions
            self.relay = relay
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case commandPrefix = "command_prefix"
            case permissions, relay
        }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            commandPrefix = try section.value(.commandPrefix, default: section.defaults.commandPrefix)
            permissions = try section.choiceMap(.permissions, PermissionLevel.choices, default: Self.defaultPermissions)
            relay = try section.value(.relay, default: Relay())
        }
    }
}

extension BridgeConfig.Bridge {
    /// `bridge.relay:` — whether portals may have a relay, and how relayed messages look.
    public struct Relay: Codable, Sendable, Hashable {
        /// Whether `set-relay` is available at all.
        public var enabled: Bool
        /// Whether only bridge admins may set a relay.
        public var adminOnly: Bool
        /// How a relayed message is worded; `{{.Sender}}` is the Matrix display name,
        /// `{{.Message}}` the message text.
        public var messageFormat: String

        public static let defaultMessageFormat = "<b>{{.Sender}}</b>: {{.Message}}"

        public init(enabled: Bool = false, adminOnly: Bool = true, messageFormat: String = defaultMessageFormat) {
            self.enabled = enabled
            self.adminOnly = adminOnly
            self.messageFormat = messageFormat
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case enabled
            case adminOnly = "admin_only"
            case messageFormat = "message_format"
        }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            enabled = try section.value(.enabled, default: false)
            adminOnly = try section.value(.adminOnly, default: true)
            messageFormat = try section.value(.messageFormat, default: Self.defaultMessageFormat)
        }
    }
}
