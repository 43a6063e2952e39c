import Foundation

/// The commented `config.yaml` that `-e` writes: every key with what it is and what admins set.
///
/// It loads as-is once `-g` has filled in the tokens; only the homeserver and appservice
/// addresses and the domain normally need editing first.
public enum ExampleConfig {
    /// What the token keys hold until `-g` replaces them (the mautrix wording, so that a
    /// mautrix-style config is recognised too).
    public static let tokenPlaceholder = "This value is generated when generating the registration"

    /// Whether `token` still has to be generated: empty, or the placeholder.
    public static func isTokenPlaceholder(_ token: String) -> Bool {
        let trimmed = token.trimmingCharacters(in: .whitespaces)
        return trimmed.isEmpty || trimmed == tokenPlaceholder
    }

    /// The example config for `network`.
    public static func render(for network: any RemoteNetwork) -> String {
        let defaults = ConfigDefaults(network: network)
        let q = YAMLQuoting.quoted
        var networkSection = network.exampleConfigSection
        if networkSection.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { networkSection = "  {}\n" }
        if !networkSection.hasSuffix("\n") { networkSection += "\n" }
        return """
        # \(network.displayName) bridge configuration (Pontoon, version \(network.version)).
        # Edit the homeserver and appservice sections, then run the bridge with -g to generate
        # registration.yaml for your homeserver. This file then holds tokens: keep it private.

        # How the bridge reaches your homeserver.
        homeserver:
          # Client-server API URL as seen from the bridge; http://localhost:8008 next to Synapse.
          address: http://localhost:8008
          # Your server name: what follows the colon in user IDs (@alice:example.org).
          domain: example.org

        # How the homeserver reaches the bridge, and who the bridge is there.
        appservice:
          # URL the homeserver uses to reach the bridge (the registration's url).
          address: http://localhost:\(ConfigDefaults.port)
          # Address to listen on: 127.0.0.1 when the homeserver is on this machine, 0.0.0.0 in a container.
          hostname: \(ConfigDefaults.hostname)
          # Port to listen on; the one in appservice.address above.
          port: \(ConfigDefaults.port)
          # Appservice ID; unique among the homeserver's registrations.
          id: \(q(defaults.appserviceID))
          # The bot users talk to (in a DM, the management room) to log in and give commands.
          bot:
            # Localpart of the bot: @\(defaults.botUsername):<domain>.
            username: \(q(defaults.botUsername))
            # Display name the bridge sets on the bot; empty leaves it alone.
            displayname: \(q(defaults.botDisplayname))
            # mxc:// URI of the bot's avatar; empty leaves it alone.
            avatar: ""
          # Tokens shared with the homeserver. -g generates them here and in the registration;
          # changing them means installing the registration again. Keep them secret.
          as_token: \(q(tokenPlaceholder))
          hs_token: \(q(tokenPlaceholder))
          # Localpart of ghost users (remote users on Matrix); {{.}} is the remote user's escaped ID.
          username_template: \(q(defaults.usernameTemplate))
          # Largest request the homeserver may send, in bytes; larger ones are refused with 413.
          # The default fits any transaction Synapse sends.
          max_body_size: \(BridgeConfig.Appservice.defaultMaxBodySize)

        # Where the bridge keeps its state.
        database:
          # sqlite (one file, nothing to set up) or postgres (for large bridges).
          type: sqlite
          # sqlite: path of the database file. postgres: postgres://user:password@host/database
          uri: \(q(defaults.databaseURI))

        # Behaviour shared by every network.
        bridge:
          # Prefix of bot commands in portal rooms (the management room needs none).
          command_prefix: \(q(defaults.commandPrefix))
          # Who may use the bridge. Keys: "*" (everyone), a server name, or a user ID; the most
          # specific one applies. Levels: block, relay (talk through a relay only), user (log in),
          # admin (manage the bridge).
          permissions:
            "*": relay
            "example.org": user
            "@admin:example.org": admin
          # Relaying: messages of users without a login, posted by a portal's relay account.
          relay:
            # Whether portals may have a relay (set with the set-relay command).
            enabled: false
            # Whether only bridge admins may set a relay.
            admin_only: true
            # How a relayed message reads: {{.Sender}} is the sender's display name, {{.Message}} the text.
            message_format: \(q(BridgeConfig.Bridge.Relay.defaultMessageFormat))

        # Double puppeting: messages users send from their own remote app appear as their Matrix account.
        double_puppet:
          # Server name -> "as_token:<token>" of a second registration (non-exclusive users namespace,
          # no url) installed on that server. Empty: no double puppeting. Keep these secret.
          secrets: {}
          #   example.org: "as_token:<token of the double-puppet registration>"

        # End-to-bridge encryption (needs experimental features on the homeserver; see the docs).
        encryption:
          # Whether the bridge may take part in encrypted rooms.
          allow: false
          # Whether new portals are created encrypted (needs allow).
          default: false
          # Whether unencrypted portals are refused (needs allow).
          require: false
          # Encrypts the stored encryption keys: a long random string, which -g writes when it is
          # empty. Changing it loses the stored keys. Keep it secret.
          pickle_key: ""

        # What the bridge logs on stderr.
        logging:
          # trace, debug, info, notice, warning, error or critical.
          level: info
          # Levels for single components, e.g. appservice: debug (loggers are named pontoon.<component>).
          components: {}

        # Prometheus metrics.
        metrics:
          # Whether to serve GET /metrics.
          enabled: false
          # host:port to serve them on; keep it private (127.0.0.1 or an internal network).
          listen: \(ConfigDefaults.metricsListen)

        # Links to Matrix files for people on the network, who have no Matrix account to fetch them
        # with: the bridge fetches a file as its bot and serves it under an unguessable signed URL.
        public_media:
          # Whether files the network can't carry are sent as such links (else by name only).
          enabled: false
          # The bridge's listener (appservice.hostname:port) as people on the network reach it,
          # usually through a reverse proxy that forwards /_pontoon/media/ to it.
          external_url: ""
          # Key that signs links; empty derives one from as_token. Changing it breaks old links.
          signing_key: ""
          # How long a link works, in hours; 0: forever.
          expiry_hours: 0
          # Largest file served, in bytes.
          max_bytes: \(BridgeConfig.PublicMedia.defaultMaxBytes)

        # Settings of the \(network.displayName) network.
        network:
        \(networkSection)
        """
    }
}
