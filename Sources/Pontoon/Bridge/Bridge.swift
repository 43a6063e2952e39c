import Logging
import PontoonMatrix

/// The bridge core for one network: what a plugin gets for free.
///
/// ```swift
/// try await BridgeRuntime(launch: launch) { services in
///     try await Bridge.handlers(for: MyNetwork(config: …), services: services)
/// }.run()
/// ```
///
/// It keeps one portal per remote chat (an ordered queue each), ghosts for remote users, the
/// users' logins and sessions, the management-room commands, relaying and double puppeting.
public enum Bridge {
    /// The runtime handlers that run `network` through the core.
    /// - Parameter commands: the network's own bot commands, next to the core's (`help` lists them
    ///   by ``CommandSection``); a name the core already uses is refused at start.
    public static func handlers(for network: any RemoteNetwork, services: BridgeRuntime.Services,
                                commands: [Command<BridgeServices>] = []) async throws -> BridgeRuntime.Handlers {
        let config = services.config
        let ghostIDs = try GhostIDMapping(template: config.appservice.usernameTemplate, server: config.homeserver.domain)
        let bot = services.homeserver.botUserID
        let encryption = config.encryption.allow
            ? try await BridgeEncryption.open(config: config.encryption, database: services.database, homeserver: services.homeserver,
                                              isBridgeUser: { $0 == bot || ghostIDs.remoteUserID(for: $0) != nil })
            : nil
        let context = try BridgeContext(network: network, config: config, homeserver: services.homeserver,
                                        database: services.database, ghostIDs: ghostIDs, encryption: encryption,
                                        logger: .pontoon("bridge"))
        let core = try BridgeCore(context: context, extraCommands: commands)
        try await core.loadStoredLogins()
        let mediaRoute = context.publicMedia.map {
            PublicMediaRoute(signer: $0.signer, bot: context.bot, maxBytes: services.config.publicMedia.maxBytes,
                             logger: .pontoon("media"))
        }
        return BridgeRuntime.Handlers(
            events: BridgeEventHandler(core: core),
            queries: BridgeQueries(core: core),
            routes: { router in mediaRoute?.install(on: router) },
            onStart: {
                await startEncryption(encryption, logger: context.logger)
                await core.connectAll()
            },
            onStop: { await core.stopSessions() })
    }

    /// Creates the bot's device and uploads its keys. A failure is logged, not fatal: the bridge
    /// still works in unencrypted rooms, and says why encrypted ones don't.
    private static func startEncryption(_ encryption: BridgeEncryption?, logger: Logger) async {
        guard let encryption else { return }
        do {
            try await encryption.start()
        } catch {
            logger.error("""
                Encryption did not start, so encrypted rooms can't be bridged: \(error). The homeserver must support \
                MSC4190 (device creation by appservices) and MSC3202; the registration needs io.element.msc4190: true \
                and org.matrix.msc3202: true.
                """)
        }
    }
}
