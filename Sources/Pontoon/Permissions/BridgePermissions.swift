import PontoonMatrix

/// Who may do what, from `bridge.permissions`: keys `*`, a server name or a user ID, each mapped to
/// a ``PermissionLevel``.
///
/// The most specific key wins: the user's own ID, then their server's name, then `*`. A user that
/// no key matches gets ``defaultLevel`` (`block`), so a config without `*` lets in only the servers
/// and users it names.
///
/// Matching: user-ID keys are compared whole and exactly, as Matrix compares user IDs
/// (`@Alice:example.org` is not `@alice:example.org`). Server-name keys are compared without regard
/// to ASCII case (DNS names are case-insensitive) and match only that exact server: `example.org`
/// covers neither `chat.example.org` nor `example.org:8448`.
public struct BridgePermissions: Sendable, Hashable {
    /// The level of a user no key matches.
    public static let defaultLevel: PermissionLevel = .block

    private let users: [UserID: PermissionLevel]
    /// Keyed by the lowercased server name.
    private let servers: [String: PermissionLevel]
    private let everyone: PermissionLevel?
    /// `bridge.relay`, for ``canSetRelay(_:)``.
    public let relay: BridgeConfig.Bridge.Relay

    /// Builds the lookup from `bridge.permissions`.
    ///
    /// - Throws: ``ConfigError/invalid(path:problems:)`` with one problem per bad key, named like the
    ///   config loader names it (`bridge.permissions."<key>"`): a key that is not `*`, a server name
    ///   or a user ID, or two server keys that differ only in case and give different levels (which
    ///   one applies would otherwise depend on hashing order).
    public init(_ entries: [String: PermissionLevel], relay: BridgeConfig.Bridge.Relay = .init()) throws(ConfigError) {
        var users: [UserID: PermissionLevel] = [:]
        var servers: [String: (key: String, level: PermissionLevel)] = [:]
        var everyone: PermissionLevel?
        var problems: [ConfigProblem] = []

        // Sorted so the problems, and which of two clashing keys is reported, are deterministic.
        for (key, level) in entries.sorted(by: { $0.key < $1.key }) {
            // The same rule the config loader applies, so a loaded config never fails here for it.
            guard ConfigValidator.isPermissionSubject(key) else {
                problems.append(Self.problem(key, Self.badKeyMessage))
                continue
            }
            if key == "*" {
                everyone = level
            } else if key.hasPrefix("@"), let user = try? UserID(validating: key) {
                users[user] = level
            } else {
                let server = Self.normalizedServer(key)
                if let earlier = servers[server], earlier.level != level {
                    problems.append(Self.problem(key, "names the same server as \"\(earlier.key)\" with another level; keep one"))
                } else {
                    servers[server] = (key, level)
                }
            }
        }
        guard problems.isEmpty else { throw .invalid(path: "config", problems: problems) }
        self.users = users
        self.servers = servers.mapValues(\.level)
        self.everyone = everyone
        self.relay = relay
    }

    /// Builds the lookup from the `bridge:` section (`permissions` and `relay`).
    public init(config: BridgeConfig.Bridge) throws(ConfigError) {
        try self.init(config.permissions, relay: config.relay)
    }

    /// The level that applies to `user`: their own key, else their server's, else `*`, else `block`.
    public func level(of user: UserID) -> PermissionLevel {
        if let level = users[user] { return level }
        if let level = servers[Self.normalizedServer(user.server)] { return level }
        return everyone ?? Self.defaultLevel
    }

    /// Whether the user's messages may go out through a portal's relay (level `relay` or more).
    public func canUseRelay(_ user: UserID) -> Bool { level(of: user) >= .relay }

    /// Whether the user may log in with their own remote account (level `user` or more).
    public func canLogin(_ user: UserID) -> Bool { level(of: user) >= .user }

    /// Whether the user may manage the bridge (level `admin`).
    public func isAdmin(_ user: UserID) -> Bool { level(of: user) >= .admin }

    /// Whether the user may set or unset a portal's relay: never when `bridge.relay.enabled` is
    /// off; admins only when `bridge.relay.admin_only` is on; otherwise users who may log in (the
    /// relay is one of their own logins).
    public func canSetRelay(_ user: UserID) -> Bool {
        guard relay.enabled else { return false }
        return relay.adminOnly ? isAdmin(user) : canLogin(user)
    }

    static let badKeyMessage = "keys must be \"*\", a server name (example.org) or a user ID (@admin:example.org)"

    private static func problem(_ key: String, _ message: String) -> ConfigProblem {
        ConfigProblem(key: "bridge.permissions." + ConfigKeyPath.quotedIfNeeded(key), message: message)
    }

    /// Server names are ASCII (their grammar allows nothing else), so lowercasing changes only A-Z.
    private static func normalizedServer(_ server: String) -> String { server.lowercased() }
}
