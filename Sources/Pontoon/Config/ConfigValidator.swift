import PontoonMatrix

/// The checks that need more than a type: ranges, formats, and keys that depend on each other.
///
/// Runs after decoding on whatever decoding produced, skipping values already reported missing,
/// so one run lists every problem. No message repeats a value.
struct ConfigValidator {
    /// Whether the tokens must be present (they may be empty while `-g` generates them).
    var requireTokens: Bool

    func problems(in config: BridgeConfig) -> [ConfigProblem] {
        var found: [ConfigProblem] = []
        func report(_ key: String, _ message: String) { found.append(ConfigProblem(key: key, message: message)) }

        checkHomeserver(config.homeserver, report)
        checkAppservice(config.appservice, report)
        checkDatabase(config.database, report)
        checkBridge(config.bridge, report)
        checkDoublePuppet(config.doublePuppet, report)
        checkEncryption(config.encryption, report)
        checkMetrics(config.metrics, report)
        checkPublicMedia(config.publicMedia, report)
        return found
    }

    typealias Report = (String, String) -> Void

    private func checkHomeserver(_ homeserver: BridgeConfig.Homeserver, _ report: Report) {
        if !homeserver.domain.isEmpty, !Self.isServerName(homeserver.domain) {
            report("homeserver.domain", "must be a server name like example.org (what follows the colon in your user ID)")
        }
    }

    private func checkAppservice(_ appservice: BridgeConfig.Appservice, _ report: Report) {
        if appservice.hostname.isEmpty || appservice.hostname.contains(where: \.isWhitespace) {
            report("appservice.hostname", "must be an address to listen on, like 127.0.0.1 or 0.0.0.0")
        }
        if !(1...65535).contains(appservice.port) {
            report("appservice.port", "must be between 1 and 65535")
        }
        if appservice.id.isEmpty || appservice.id.contains("|") || appservice.id.contains(where: \.isWhitespace) {
            report("appservice.id", "must be a non-empty name without spaces or \"|\"")
        }
        if !Self.isSenderLocalpart(appservice.bot.username) {
            report("appservice.bot.username", "must be a localpart of a-z, 0-9, \".\", \"_\", \"-\" and \"/\"")
        }
        if let avatar = appservice.bot.avatar, !avatar.isEmpty, (try? MXCURI(validating: avatar)) == nil {
            report("appservice.bot.avatar", "must be an mxc:// URI (or empty to leave the avatar alone)")
        }
        checkUsernameTemplate(appservice.usernameTemplate, report)
        if appservice.maxBodySize < BridgeConfig.Appservice.minimumMaxBodySize {
            report("appservice.max_body_size", "must be at least \(BridgeConfig.Appservice.minimumMaxBodySize) bytes (one event)")
        }
        checkTokens(appservice, report)
    }

    private func checkUsernameTemplate(_ template: String, _ report: Report) {
        let parts = template.components(separatedBy: NamespaceRegex.placeholder)
        if parts.count != 2 {
            report("appservice.username_template", "must contain {{.}} exactly once, like \"irc_{{.}}\"")
        } else if parts.contains(where: { !$0.isEmpty && !Self.isStrictLocalpart($0) }) {
            report("appservice.username_template", "may only use a-z, 0-9, \".\", \"_\", \"=\", \"-\", \"/\" and \"+\" around {{.}}")
        }
    }

    private func checkTokens(_ appservice: BridgeConfig.Appservice, _ report: Report) {
        let tokens = [("appservice.as_token", appservice.asToken), ("appservice.hs_token", appservice.hsToken)]
        for (key, token) in tokens {
            if ExampleConfig.isTokenPlaceholder(token) {
                if requireTokens { report(key, "not generated yet; run with -g to generate the registration, which fills it in") }
            } else if !Self.isToken(token) {
                report(key, "must be printable ASCII without spaces")
            }
        }
        if appservice.hasTokens, appservice.asToken == appservice.hsToken {
            report("appservice.hs_token", "must differ from appservice.as_token")
        }
    }

    private func checkDatabase(_ database: BridgeConfig.Database, _ report: Report) {
        switch database.type {
        case .sqlite where database.uri.isEmpty:
            report("database.uri", "must be the path of the SQLite file")
        case .postgres where !(database.uri.hasPrefix("postgres://") || database.uri.hasPrefix("postgresql://")):
            report("database.uri", "must be a postgres:// or postgresql:// URL when database.type is postgres")
        default:
            break
        }
    }

    private func checkBridge(_ bridge: BridgeConfig.Bridge, _ report: Report) {
        if bridge.commandPrefix.isEmpty || bridge.commandPrefix.contains(where: \.isWhitespace) {
            report("bridge.command_prefix", "must be a word without spaces, like !irc")
        }
        for subject in bridge.permissions.keys.sorted() where !Self.isPermissionSubject(subject) {
            report("bridge.permissions." + ConfigKeyPath.quotedIfNeeded(subject),
                   "keys must be \"*\", a server name (example.org) or a user ID (@admin:example.org)")
        }
        if bridge.relay.enabled, bridge.relay.messageFormat.isEmpty {
            report("bridge.relay.message_format", "must not be empty when relaying is enabled")
        }
    }

    private func checkDoublePuppet(_ doublePuppet: BridgeConfig.DoublePuppet, _ report: Report) {
        for (server, secret) in doublePuppet.secrets.sorted(by: { $0.key < $1.key }) {
            let key = "double_puppet.secrets." + ConfigKeyPath.quotedIfNeeded(server)
            if !Self.isServerName(server) { report(key, "keys must be server names like example.org") }
            if secret.isEmpty || secret == "as_token:" { report(key, "must be \"as_token:\" followed by the token of the double-puppet registration") }
        }
    }

    private func checkEncryption(_ encryption: BridgeConfig.Encryption, _ report: Report) {
        if !encryption.allow {
            if encryption.enabledByDefault { report("encryption.default", "needs encryption.allow: true") }
            if encryption.require { report("encryption.require", "needs encryption.allow: true") }
        } else if encryption.pickleKey.count < 16 {
            report("encryption.pickle_key", "must be a random string of at least 16 characters when encryption is allowed (-g writes one)")
        }
    }

    private func checkMetrics(_ metrics: BridgeConfig.Metrics, _ report: Report) {
        if metrics.listenAddress == nil {
            report("metrics.listen", "must be host:port, like 127.0.0.1:8001 or [::1]:8001")
        }
    }

    private func checkPublicMedia(_ media: BridgeConfig.PublicMedia, _ report: Report) {
        if media.enabled, media.externalURL == nil {
            report("public_media.external_url", "required when public_media is enabled: the bridge's address as people on the network reach it")
        }
        if media.expiryHours < 0 {
            report("public_media.expiry_hours", "must be 0 (links never expire) or a number of hours")
        }
        if media.maxBytes < 1 {
            report("public_media.max_bytes", "must be a positive number of bytes")
        }
    }

    // MARK: - Formats

    static func isServerName(_ name: String) -> Bool {
        (try? UserID(validating: "@x:" + name)) != nil
    }

    static func isPermissionSubject(_ subject: String) -> Bool {
        if subject == "*" { return true }
        if subject.hasPrefix("@") { return (try? UserID(validating: subject)) != nil }
        return isServerName(subject)
    }

    /// Localpart characters the spec allows for new users.
    static func isStrictLocalpart(_ string: String) -> Bool {
        !string.isEmpty && string.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "0" && $0 <= "9") || "._=-/+".unicodeScalars.contains($0)
        }
    }

    /// Synapse requires `sender_localpart` to survive URL quoting unchanged, so no `=` or `+`.
    static func isSenderLocalpart(_ string: String) -> Bool {
        isStrictLocalpart(string) && !string.contains("=") && !string.contains("+")
    }

    /// Tokens travel in an `Authorization: Bearer` header.
    static func isToken(_ string: String) -> Bool {
        !string.isEmpty && string.unicodeScalars.allSatisfy { $0.value > 0x20 && $0.value < 0x7F }
    }
}
