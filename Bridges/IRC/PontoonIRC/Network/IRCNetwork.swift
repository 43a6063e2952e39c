import Logging
import Pontoon
import PontoonMatrix

/// The IRC network plugin: each Matrix user who logs in gets their own connection (a puppet) to
/// one of the configured servers; IRC users appear as ghosts `@irc_<server>.<nick>`; channels and
/// private chats become portals.
public struct IRCNetwork: RemoteNetwork {
    let config: IRCBridgeConfig
    let directories: [String: IRCServerDirectory]
    /// `bridge.relay.message_format`, for relayed messages sent as text (no `RELAYMSG`).
    let relayFormat: String

    /// The descriptor only (for `-e`, `-g`).
    public init() {
        self.init(config: IRCBridgeConfig(servers: [:]))
    }

    public init(config: IRCBridgeConfig, relayFormat: String = BridgeConfig.Bridge.Relay.defaultMessageFormat) {
        self.config = config
        self.relayFormat = relayFormat
        var directories: [String: IRCServerDirectory] = [:]
        for (name, server) in config.servers {
            directories[name] = IRCServerDirectory(server: name, gate: ConnectGate(limit: server.connectLimit))
        }
        self.directories = directories
    }

    public var id: String { "irc" }
    public var displayName: String { "IRC" }
    public var version: String { "0.1.0" }

    public var exampleConfigSection: String {
        """
          # The IRC servers users may log in to, by a short name (lowercase letters, digits, '-')
          # that becomes part of ghost IDs: @irc_<name>.<nick>.
          servers:
            libera:
              host: irc.libera.chat
              port: 6697
              tls: true
              # Outgoing lines per connection: a burst, then this many per second. Public networks
              # disconnect clients that flood; raise it only on a server you run.
              flood:
                burst: 5
                lines_per_second: 2
              # The server password (PASS) of a private server or bouncer; leave out for public networks.
              # password: ""
              # Connections registering at once (puppets come back a few at a time after a netsplit).
              connect_limit: 4
              # PING after this much silence, give up after as much again.
              ping_interval_s: 60
              ping_timeout_s: 60
              # How lines that are not UTF-8 are read: cp1252 or latin-1.
              fallback_encoding: cp1252
              # A Matrix message longer than this many IRC lines goes out as its first lines and a
              # link to the whole text (with public_media on), else cut with a note.
              max_lines_per_message: 5

        """
    }

    /// `#irc_<server>_<channel>:your.server` joins a channel by alias: `{{.}}` is `<server>_<channel>`.
    public var aliasTemplate: String? { "irc_{{.}}" }

    public func portal(forAlias name: String) -> (key: PortalKey, info: ChatInfo)? {
        guard let separator = name.firstIndex(of: "_") else { return nil }
        let server = String(name[..<separator]).lowercased()
        let channel = String(name[name.index(after: separator)...])
        guard config.servers[server] != nil, ISupport().isChannel(channel),
              !channel.contains(where: { $0 == " " || $0 == "," || $0.asciiValue.map { $0 < 32 } == true }) else { return nil }
        // The channel's exact casemapping is the server's; rfc1459 folding is what most servers use.
        let key = PortalKey(chatID: IRCIdentifiers.chat(server: server, foldedName: CaseMapping.rfc1459.fold(channel)))
        return (key, ChatInfo(kind: .group, name: channel))
    }

    public var capabilities: NetworkCapabilities {
        NetworkCapabilities(redactions: true, reactions: true, replies: true, typing: true, topics: true, formatting: .html, relayStyle: .nativeProfile)
    }

    public var loginFlows: [LoginFlowDescription] {
        [LoginFlowDescription(id: "nick", name: "Nick", summary: "Connect with a nick; no password."),
         LoginFlowDescription(id: "sasl", name: "Nick and SASL account", summary: "Connect and log in to your registered account (SASL PLAIN).")]
    }

    public func startLogin(flowID: String, for user: UserID) async throws -> any LoginProcess {
        guard !config.servers.isEmpty else { throw LoginError(userMessage: "No IRC servers are configured on this bridge.") }
        return IRCLoginProcess(network: self, owner: user, usesSASL: flowID == "sasl")
    }

    public func makeSession(for login: StoredLogin, events: any RemoteEventSink) async throws -> any RemoteSession {
        let credentials = try IRCLoginCredentials(metadata: login.metadata)
        guard let server = config.servers[credentials.server], let directory = directories[credentials.server] else {
            throw LoginError(userMessage: "The IRC server \"\(credentials.server)\" is no longer configured.")
        }
        return IRCSession(login: login, credentials: credentials, server: server, directory: directory, events: events,
                          relay: IRCRelay(format: relayFormat, network: self))
    }

    public func login(_ login: StoredLogin, canServe portal: PortalKey) -> Bool {
        guard let credentials = try? IRCLoginCredentials(metadata: login.metadata) else { return false }
        return IRCIdentifiers.split(portal.chatID.rawValue)?.server == credentials.server
    }

    /// The connection settings for `credentials` on `server`.
    static func settings(for credentials: IRCLoginCredentials, on server: IRCServerConfig) -> IRCConnectionSettings {
        let authentication = credentials.authentication
        return IRCConnectionSettings(
            host: server.host, port: server.port, useTLS: server.tls, verifyTLS: server.verifyTLS,
            clientCertificate: server.tls ? credentials.clientCertificate : nil, serverPassword: server.password, nick: credentials.nick, authentication: authentication, requireSASL: authentication != .none,
            flood: server.flood, pingInterval: .seconds(server.pingIntervalSeconds), pingTimeout: .seconds(server.pingTimeoutSeconds),
            textDecoder: IRCTextDecoder(fallback: server.fallbackEncoding))
    }
}
