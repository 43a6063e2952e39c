import Foundation
import PontoonMatrix

extension BridgeConfig {
    /// `appservice:` — how the homeserver reaches the bridge, and the registration's identity.
    public struct Appservice: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
        /// The URL the homeserver uses to reach the bridge (the registration's `url`).
        public var address: URL
        /// The address the bridge listens on.
        public var hostname: String
        /// The port the bridge listens on.
        public var port: Int
        /// The appservice ID (the registration's `id`).
        public var id: String
        /// The bridge bot.
        public var bot: Bot
        /// Bridge → homeserver token. Empty until `-g` generates it.
        public var asToken: String
        /// Homeserver → bridge token. Empty until `-g` generates it.
        public var hsToken: String
        /// Ghost localpart template; `{{.}}` stands for the escaped remote user ID.
        public var usernameTemplate: String
        /// Largest request body the appservice API accepts; larger ones get 413 `M_TOO_LARGE`.
        public var maxBodySize: Int

        /// Synapse sends at most 100 PDUs of 64 KiB plus EDUs and to-device messages per
        /// transaction; the appservice server's default leaves room for all of them.
        public static let defaultMaxBodySize = AppserviceServerConfiguration.defaultMaxBodySize
        /// The smallest useful limit: one event of the largest size a homeserver allows.
        public static let minimumMaxBodySize = 64 * 1024

        public init(
            address: URL, hostname: String = "127.0.0.1", port: Int = 29333,
            id: String, bot: Bot, asToken: String = "", hsToken: String = "", usernameTemplate: String,
            maxBodySize: Int = defaultMaxBodySize
        ) {
            self.address = address
            self.hostname = hostname
            self.port = port
            self.id = id
            self.bot = bot
            self.asToken = asToken
            self.hsToken = hsToken
            self.usernameTemplate = usernameTemplate
            self.maxBodySize = maxBodySize
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case address, hostname, port, id, bot
            case asToken = "as_token"
            case hsToken = "hs_token"
            case usernameTemplate = "username_template"
            case maxBodySize = "max_body_size"
        }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            let defaults = section.defaults
            address = try section.httpURL(.address, placeholder: BridgeConfig.placeholderURL)
            hostname = try section.value(.hostname, default: ConfigDefaults.hostname)
            port = try section.value(.port, default: ConfigDefaults.port)
            id = try section.value(.id, default: defaults.appserviceID)
            bot = try section.value(.bot, default: Bot(defaults: defaults))
            asToken = try section.value(.asToken, default: "")
            hsToken = try section.value(.hsToken, default: "")
            usernameTemplate = try section.value(.usernameTemplate, default: defaults.usernameTemplate)
            maxBodySize = try section.value(.maxBodySize, default: Self.defaultMaxBodySize)
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(address.absoluteString, forKey: .address)
            try container.encode(hostname, forKey: .hostname)
            try container.encode(port, forKey: .port)
            try container.encode(id, forKey: .id)
            try container.encode(bot, forKey: .bot)
            try container.encode(asToken, forKey: .asToken)
            try container.encode(hsToken, forKey: .hsToken)
            try container.encode(usernameTemplate, forKey: .usernameTemplate)
            try container.encode(maxBodySize, forKey: .maxBodySize)
        }

        /// Whether both tokens hold real values (not empty, not the example's placeholder).
        public var hasTokens: Bool {
            !ExampleConfig.isTokenPlaceholder(asToken) && !ExampleConfig.isTokenPlaceholder(hsToken)
        }

        /// Tokens left out, so that logging the section can't leak them.
        public var description: String {
            "Appservice(id: \(id), address: \(address.absoluteString), listen: \(hostname):\(port), bot: \(bot.username), tokens: <redacted>)"
        }

        public var debugDescription: String { description }
    }
}

extension BridgeConfig.Appservice {
    /// `appservice.bot:` — the bridge bot's account and profile.
    public struct Bot: Codable, Sendable, Hashable {
        /// Localpart of the bot (the registration's `sender_localpart`).
        public var username: String
        /// Display name the bridge sets on the bot; `nil` leaves it alone.
        public var displayname: String?
        /// `mxc://` avatar the bridge sets on the bot; `nil` leaves it alone.
        public var avatar: String?

        public init(username: String, displayname: String? = nil, avatar: String? = nil) {
            self.username = username
            self.displayname = displayname
            self.avatar = avatar
        }

        init(defaults: ConfigDefaults) {
            self.init(username: defaults.botUsername, displayname: defaults.botDisplayname)
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case username, displayname, avatar }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            username = try section.value(.username, default: section.defaults.botUsername)
            displayname = try section.value(.displayname, default: section.defaults.botDisplayname)
            avatar = try section.value(.avatar, default: nil)
        }
    }
}
