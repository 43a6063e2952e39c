/// What the core needs to know about a bridged network before any session exists.
///
/// One value per bridge process. The login flows, sessions and capabilities arrive with the
/// bridge-core contract; this part is what the CLI and the registration need.
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
}

extension RemoteNetwork {
    public var defaultUsernameTemplate: String { "\(id)_{{.}}" }
    public var aliasTemplate: String? { nil }
    public var thirdPartyProtocols: [String] { [] }
    public var exampleConfigSection: String { "  {}\n" }
}
