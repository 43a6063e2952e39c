import Logging
import PontoonMatrix
import PontoonStorage

/// What every part of the core shares: the network, the config, the homeserver and the stores.
struct BridgeContext: Sendable {
    let network: any RemoteNetwork
    let config: BridgeConfig
    let homeserver: HomeserverClient
    let database: BridgeDatabase
    let ghostIDs: GhostIDMapping
    let permissions: BridgePermissions
    let doublePuppets: DoublePuppets
    /// Links to files for people on the network; nil unless `public_media` is enabled.
    let publicMedia: PublicMediaLinks?
    /// The bot's encryption device; nil unless `encryption.allow` is set.
    let encryption: BridgeEncryption?
    let logger: Logger

    let users: CoreUserStore
    let logins: CoreLoginStore
    let portals: CorePortalStore
    let ghosts: CoreGhostStore
    let messages: CoreMessageStore
    let reactions: CoreReactionStore
    let processed: CoreProcessedEventStore

    init(network: any RemoteNetwork, config: BridgeConfig, homeserver: HomeserverClient, database: BridgeDatabase,
         ghostIDs: GhostIDMapping, encryption: BridgeEncryption?, logger: Logger) throws {
        self.network = network
        self.ghostIDs = ghostIDs
        self.encryption = encryption
        self.config = config
        self.homeserver = homeserver
        self.database = database
        self.logger = logger
        permissions = try BridgePermissions(config: config.bridge)
        doublePuppets = DoublePuppets(config: config, homeserver: homeserver)
        publicMedia = PublicMediaLinks(config: config, bot: homeserver.bot)
        users = CoreUserStore(database: database)
        logins = CoreLoginStore(database: database, network: network.id)
        portals = CorePortalStore(database: database, network: network.id)
        ghosts = CoreGhostStore(database: database, network: network.id)
        messages = CoreMessageStore(database: database, network: network.id)
        reactions = CoreReactionStore(database: database, network: network.id)
        processed = CoreProcessedEventStore(database: database)
    }

    var bot: Intent { homeserver.bot }
    var botUserID: UserID { homeserver.botUserID }

    /// Whether `user` is the bot or one of this bridge's ghosts (their events are never bridged back).
    func isBridgeUser(_ user: UserID) -> Bool {
        user == botUserID || ghostIDs.remoteUserID(for: user) != nil
    }
}

/// Intents for users' real Matrix accounts, from `double_puppet.secrets` (`as_token:` entries).
///
/// Only users of the bridge's own homeserver are covered: another server's client API would first
/// have to be discovered through `.well-known`.
struct DoublePuppets: Sendable {
    private let client: HomeserverClient?
    private let server: String

    init(config: BridgeConfig, homeserver: HomeserverClient) {
        server = config.homeserver.domain
        if let secret = config.doublePuppet.secrets[server], secret.hasPrefix(DoublePuppetCheck.tokenPrefix) {
            client = homeserver.withToken(String(secret.dropFirst(DoublePuppetCheck.tokenPrefix.count)),
                                          appserviceID: "double-puppet")
        } else {
            client = nil
        }
    }

    /// The intent acting as `user` themself, when double puppeting covers them.
    func intent(for user: UserID) -> Intent? {
        guard user.server == server else { return nil }
        return client?.intent(for: user)
    }

    /// The content key that marks events the bridge sent as a real user, so they are not bridged back.
    static let sourceKey = "fi.mau.double_puppet_source"
}
