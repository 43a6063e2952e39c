/// The `network:` section of `pontoon-irc`'s config: the IRC servers users may log in to.
public struct IRCBridgeConfig: Decodable, Sendable {
    /// The servers by short name (`libera`, `oftc`): the name appears in ghost IDs and commands.
    public var servers: [String: IRCServerConfig]

    public init(servers: [String: IRCServerConfig]) {
        self.servers = servers
    }

    enum CodingKeys: String, CodingKey { case servers }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        servers = try container.decodeIfPresent([String: IRCServerConfig].self, forKey: .servers) ?? [:]
        for name in servers.keys where !IRCIdentifiers.isValidServerName(name) {
            throw DecodingError.dataCorruptedError(forKey: .servers, in: container, debugDescription:
                "server name \"\(name)\" must be lowercase letters, digits and '-' (it becomes part of Matrix IDs)")
        }
    }

    /// The servers sorted by name, for listings.
    var sortedNames: [String] { servers.keys.sorted() }
}

/// One IRC server users may log in to.
public struct IRCServerConfig: Decodable, Sendable {
    public var host: String
    public var port: Int
    public var tls: Bool
    public var verifyTLS: Bool
    /// Shown to users in `login` and the portal rooms.
    public var displayName: String?
    /// The server password (`PASS`) every connection sends, for private servers and bouncers.
    public var password: String?
    public var flood: FloodPolicy
    /// Connections registering at once, so puppets come back a few at a time after a netsplit.
    public var connectLimit: Int
    public var pingIntervalSeconds: Int
    public var pingTimeoutSeconds: Int
    /// How lines that are not valid UTF-8 are read.
    public var fallbackEncoding: IRCTextDecoder.Fallback
    /// Matrix messages longer than this many IRC lines are cut there, with a notice to the sender.
    public var maxLinesPerMessage: Int

    public init(host: String, port: Int = 6667, tls: Bool = false, verifyTLS: Bool = true, displayName: String? = nil,
                password: String? = nil, flood: FloodPolicy = .safe, connectLimit: Int = 4, pingIntervalSeconds: Int = 60, pingTimeoutSeconds: Int = 60,
                fallbackEncoding: IRCTextDecoder.Fallback = .cp1252, maxLinesPerMessage: Int = 5) {
        self.host = host
        self.port = port
        self.tls = tls
        self.verifyTLS = verifyTLS
        self.displayName = displayName
        self.password = password
        self.flood = flood
        self.connectLimit = connectLimit
        self.pingIntervalSeconds = pingIntervalSeconds
        self.pingTimeoutSeconds = pingTimeoutSeconds
        self.fallbackEncoding = fallbackEncoding
        self.maxLinesPerMessage = maxLinesPerMessage
    }

    enum CodingKeys: String, CodingKey {
        case host, port, tls, flood, password
        case verifyTLS = "verify_tls"
        case displayName = "display_name"
        case connectLimit = "connect_limit"
        case pingIntervalSeconds = "ping_interval_s"
        case pingTimeoutSeconds = "ping_timeout_s"
        case fallbackEncoding = "fallback_encoding"
        case maxLinesPerMessage = "max_lines_per_message"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        host = try container.decode(String.self, forKey: .host)
        tls = try container.decodeIfPresent(Bool.self, forKey: .tls) ?? false
        port = try container.decodeIfPresent(Int.self, forKey: .port) ?? (tls ? 6697 : 6667)
        guard (1...65535).contains(port) else {
            throw DecodingError.dataCorruptedError(forKey: .port, in: container, debugDescription: "port must be 1–65535")
        }
        verifyTLS = try container.decodeIfPresent(Bool.self, forKey: .verifyTLS) ?? true
        displayName = try container.decodeIfPresent(String.self, forKey: .displayName)
        password = try container.decodeIfPresent(String.self, forKey: .password).flatMap { $0.isEmpty ? nil : $0 }
        if let password, password.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 32 } == true }) {
            throw DecodingError.dataCorruptedError(forKey: .password, in: container, debugDescription:
                "password can't hold spaces or control characters (IRC sends it as one word)")
        }
        flood = try container.decodeIfPresent(FloodPolicy.self, forKey: .flood) ?? .safe
        connectLimit = max(1, try container.decodeIfPresent(Int.self, forKey: .connectLimit) ?? 4)
        pingIntervalSeconds = max(5, try container.decodeIfPresent(Int.self, forKey: .pingIntervalSeconds) ?? 60)
        pingTimeoutSeconds = max(5, try container.decodeIfPresent(Int.self, forKey: .pingTimeoutSeconds) ?? 60)
        let encoding = try container.decodeIfPresent(String.self, forKey: .fallbackEncoding) ?? "cp1252"
        guard let fallback = IRCTextDecoder.Fallback(rawValue: encoding) else {
            throw DecodingError.dataCorruptedError(forKey: .fallbackEncoding, in: container, debugDescription:
                "fallback_encoding must be one of \(IRCTextDecoder.Fallback.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        fallbackEncoding = fallback
        maxLinesPerMessage = max(1, try container.decodeIfPresent(Int.self, forKey: .maxLinesPerMessage) ?? 5)
    }
}
