/// Everything one IRC connection needs: where to connect, who to be, how to behave.
public struct IRCConnectionSettings: Sendable {
    /// How the connection authenticates beyond NICK/USER.
    public enum Authentication: Sendable, Hashable {
        case none
        /// SASL PLAIN with an account name and password.
        case saslPlain(account: String, password: String)
        /// SASL EXTERNAL: the TLS client certificate (CertFP) is the credential.
        case saslExternal
    }

    public var host: String
    public var port: Int
    public var useTLS: Bool
    /// Verify the server's certificate (off only for test servers with self-signed certificates).
    public var verifyTLS: Bool
    /// The TLS client certificate, for CertFP / SASL EXTERNAL.
    public var clientCertificate: IRCClientCertificate?
    /// The server password (`PASS`), if the server wants one.
    public var serverPassword: String?
    public var nick: String
    public var username: String
    public var realname: String
    public var authentication: Authentication
    /// Give up the connection when SASL fails instead of continuing unauthenticated.
    public var requireSASL: Bool
    /// IRCv3 capabilities requested when the server offers them.
    public var wantedCapabilities: Set<String>
    public var flood: FloodPolicy
    /// After this long without any line from the server, send a PING…
    public var pingInterval: Duration
    /// …and after this much more silence, consider the connection dead.
    public var pingTimeout: Duration
    public var connectTimeout: Duration
    public var textDecoder: IRCTextDecoder

    public init(host: String, port: Int = 6667, useTLS: Bool = false, verifyTLS: Bool = true,
                clientCertificate: IRCClientCertificate? = nil,
                serverPassword: String? = nil, nick: String, username: String? = nil, realname: String? = nil,
                authentication: Authentication = .none, requireSASL: Bool = false,
                wantedCapabilities: Set<String> = IRCConnectionSettings.defaultCapabilities,
                flood: FloodPolicy = .safe, pingInterval: Duration = .seconds(60), pingTimeout: Duration = .seconds(60),
                connectTimeout: Duration = .seconds(15), textDecoder: IRCTextDecoder = IRCTextDecoder()) {
        self.host = host
        self.port = port
        self.useTLS = useTLS
        self.verifyTLS = verifyTLS
        self.clientCertificate = clientCertificate
        self.serverPassword = serverPassword
        self.nick = nick
        self.username = username ?? NickRules.sanitize(nick, maxLength: 10)
        self.realname = realname ?? nick
        self.authentication = authentication
        self.requireSASL = requireSASL
        self.wantedCapabilities = wantedCapabilities
        self.flood = flood
        self.pingInterval = pingInterval
        self.pingTimeout = pingTimeout
        self.connectTimeout = connectTimeout
        self.textDecoder = textDecoder
    }

    /// What the bridge asks for when offered; `sasl` is added only with credentials.
    public static let defaultCapabilities: Set<String> = [
        "message-tags", "server-time", "echo-message", "batch", "labeled-response", "account-tag",
        "away-notify", "chghost", "multi-prefix", "draft/relaymsg", "draft/message-redaction",
    ]
}
