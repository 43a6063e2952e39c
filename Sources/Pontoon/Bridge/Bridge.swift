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
        let context = try BridgeContext(network: network, config: services.config, homeserver: services.homeserver,
                                        database: services.database, logger: .pontoon("bridge"))
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
            onStart: { await core.connectAll() },
            onStop: { await core.stopSessions() })
    }
}
