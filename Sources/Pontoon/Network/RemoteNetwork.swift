import PontoonMatrix

/// A bridged network: what the core needs to know about it, and how it makes logins and sessions.
///
/// One value per bridge process. The descriptive part (`id`, templates, example config) is what
/// the CLI and the registration need; the rest is what ``Bridge`` uses at run time.
public protocol RemoteNetwork: Sendable {
    /// Short lowercase identifier (`irc`, `sms`, …): the default appservice ID, bot name and ghost prefix.
    var id: String { get }
    /// Human-readable name shown in messages and the example config (`IRC`, `Slack`, …).
    var displayName: String { get }
    /// The bridge's version string, shown by `version` and in logs.
    var version: String { get }
    /// The commented YAML of the `network:` section written by `-e`, indented by two spaces.
    var exampleConfigSection: String { get }
    /// The default ghost localpart template; `{{.}}` stands for the escaped remote user ID.
    var defaultUsernameTemplate: String { get }
    /// A room alias localpart template that the bridge answers alias queries for, if any.
    var aliasTemplate: String? { get }
    /// Third-party protocol IDs listed in the registration (`protocols:`).
    var thirdPartyProtocols: [String] { get }

    /// What the network can carry; the core degrades what it can't.
    var capabilities: NetworkCapabilities { get }
    /// The ways to log in, listed by `login`; the first is the default.
    var loginFlows: [LoginFlowDescription] { get }
    /// Starts a login of `user` with flow `flowID` (one of ``loginFlows``).
    func startLogin(flowID: String, for user: UserID) async throws -> any LoginProcess
    /// Makes the session of a stored login. The core calls `connect()` on it; the session pushes
    /// what happens on the network into `events`.
    func makeSession(for login: StoredLogin, events: any RemoteEventSink) async throws -> any RemoteSession
    /// Formats a relayed message for ``NetworkCapabilities/RelayStyle/prefixedText`` networks; by
    /// default `bridge.relay.message_format` with the HTML tags taken out.
    func relayText(sender: RelayedProfile, message: String, format: String) -> String
    /// Whether `login` can speak in the shared chat `portal` (one bridge may serve several servers,
    /// as IRC does: a login on one network can't speak in another's channels). By default, yes.
    func login(_ login: StoredLogin, canServe portal: PortalKey) -> Bool
    /// The shared chat a room alias names, so a user can join it by alias before anyone bridged it
    /// (`#irc_libera_#chan:server`). `name` is what `{{.}}` of ``aliasTemplate`` matched; the info
    /// names the new room. Nil when the alias names nothing.
    func portal(forAlias name: String) -> (key: PortalKey, info: ChatInfo)?
}

extension RemoteNetwork {
    public var defaultUsernameTemplate: String { "\(id)_{{.}}" }
    public var aliasTemplate: String? { nil }
    public var thirdPartyProtocols: [String] { [] }
    public var exampleConfigSection: String { "  {}\n" }
    public var capabilities: NetworkCapabilities { .minimal }

    public func login(_ login: StoredLogin, canServe portal: PortalKey) -> Bool { true }
    public func portal(forAlias name: String) -> (key: PortalKey, info: ChatInfo)? { nil }

    public func relayText(sender: RelayedProfile, message: String, format: String) -> String {
        RelayFormat.plainText(format: format, sender: sender.displayName, message: message)
    }
}

/// A login as the core stored it, handed to ``RemoteNetwork/makeSession(for:events:)``.
public struct StoredLogin: Sendable, Hashable {
    public var loginID: LoginID
    /// The Matrix user it belongs to.
    public var owner: UserID
    public var remoteName: String
    /// What the plugin put in ``LoginResult/metadata``.
    public var metadata: JSONValue

    public init(loginID: LoginID, owner: UserID, remoteName: String, metadata: JSONValue) {
        self.loginID = loginID
        self.owner = owner
        self.remoteName = remoteName
        self.metadata = metadata
    }
}
