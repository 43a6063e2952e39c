extension BridgeConfig {
    /// `encryption:` — end-to-bridge encryption.
    public struct Encryption: Codable, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
        /// Whether the bridge may take part in encrypted rooms.
        public var allow: Bool
        /// Whether new portals are created encrypted.
        public var enabledByDefault: Bool
        /// Whether the bridge refuses unencrypted portals.
        public var require: Bool
        /// Key that encrypts the Olm/Megolm state the bridge stores; never in the database.
        public var pickleKey: String

        public init(allow: Bool = false, enabledByDefault: Bool = false, require: Bool = false, pickleKey: String = "") {
            self.allow = allow
            self.enabledByDefault = enabledByDefault
            self.require = require
            self.pickleKey = pickleKey
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case allow
            case enabledByDefault = "default"
            case require
            case pickleKey = "pickle_key"
        }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            allow = try section.value(.allow, default: false)
            enabledByDefault = try section.value(.enabledByDefault, default: false)
            require = try section.value(.require, default: false)
            pickleKey = try section.value(.pickleKey, default: "")
        }

        /// The pickle key left out, so that logging the section can't leak it.
        public var description: String {
            "Encryption(allow: \(allow), default: \(enabledByDefault), require: \(require), pickle_key: <redacted>)"
        }

        public var debugDescription: String { description }
    }
}
