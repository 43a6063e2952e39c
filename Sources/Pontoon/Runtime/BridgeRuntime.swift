import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import PontoonMatrix
import PontoonStorage
import ServiceLifecycle

/// Runs a bridge process: database, homeserver client, appservice listener, inbox dispatcher,
/// metrics, start-up checks, and a graceful stop on SIGTERM/SIGINT.
///
/// The network-specific parts come in as a ``MatrixEventHandler`` (what to do with each pushed
/// item) and an ``AppserviceQueryHandler`` (user and alias queries), built once the shared
/// services exist.
public struct BridgeRuntime: Sendable {
    /// What a bridge gets to build its handlers from.
    public struct Services: Sendable {
        public let config: BridgeConfig
        public let database: BridgeDatabase
        public let homeserver: HomeserverClient
        public let logger: Logger
    }

    /// The handlers a bridge plugs into the runtime.
    public struct Handlers: Sendable {
        public var events: any MatrixEventHandler
        public var queries: any AppserviceQueryHandler
        /// Extra routes on the appservice listener (bridge media, provider webhooks).
        public var routes: @Sendable (Router<BasicRequestContext>) -> Void
        /// Runs once the start-up checks passed (connect the network sessions here).
        public var onStart: @Sendable () async throws -> Void
        /// Runs after the services stopped, before the database closes (disconnect, drain queues).
        public var onStop: @Sendable () async -> Void

        public init(events: any MatrixEventHandler, queries: any AppserviceQueryHandler = NoQueries(),
                    routes: @escaping @Sendable (Router<BasicRequestContext>) -> Void = { _ in },
                    onStart: @escaping @Sendable () async throws -> Void = {},
                    onStop: @escaping @Sendable () async -> Void = {}) {
            self.events = events
            self.queries = queries
            self.routes = routes
            self.onStart = onStart
            self.onStop = onStop
        }
    }

    let launch: BridgeCLI.Launch
    let makeHandlers: @Sendable (Services) async throws -> Handlers

    public init(launch: BridgeCLI.Launch, makeHandlers: @escaping @Sendable (Services) async throws -> Handlers) {
        self.launch = launch
        self.makeHandlers = makeHandlers
    }

    /// Connection failures surface at once so the client's own retry policy (backoff with jitter)
    /// is the only one; AsyncHTTPClient would otherwise keep reconnecting silently for its whole
    /// connect timeout, and a bridge started with the homeserver down would say nothing for a minute.
    static var httpClientConfiguration: HTTPClient.Configuration {
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        configuration.timeout.connect = .seconds(10)
        return configuration
    }

    /// Runs until SIGTERM/SIGINT, or throws a ``StartupFailure`` / storage error that says what is wrong.
    public func run() async throws {
        let config = launch.config
        let logger = Logger.pontoon("bridge")
        let databaseConfiguration = try DatabaseConfiguration(type: config.database.type.rawValue, uri: config.database.uri)
        let database = try await BridgeDatabase.open(databaseConfiguration, logger: .pontoon("database"))
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: Self.httpClientConfiguration)
        do {
            try await runServices(config: config, database: database, httpClient: httpClient, logger: logger)
        } catch {
            try? await httpClient.shutdown()
            try? await database.close()
            throw error
        }
        try await httpClient.shutdown()
        try await database.close()
        logger.info("Bridge stopped")
    }

    private func runServices(config: BridgeConfig, database: BridgeDatabase, httpClient: HTTPClient, logger: Logger) async throws {
        let botUserID = try UserID(localpart: config.appservice.bot.username, server: config.homeserver.domain)
        let homeserver = HomeserverClient(
            homeserverURL: config.homeserver.address, asToken: config.appservice.asToken,
            appserviceID: config.appservice.id, botUserID: botUserID, httpClient: httpClient, logger: .pontoon("homeserver"))
        let handlers = try await makeHandlers(Services(config: config, database: database, homeserver: homeserver, logger: logger))

        let journal = TransactionJournal(database: database)
        let dispatcher = InboxDispatcher(journal: journal, handler: handlers.events, logger: .pontoon("inbox"))
        let router = Router()
        AppserviceRoutes.install(
            on: router,
            configuration: AppserviceServerConfiguration(hsToken: config.appservice.hsToken, maxBodySize: config.appservice.maxBodySize),
            transactions: JournalingTransactionSink(journal: journal, dispatcher: dispatcher),
            queries: handlers.queries, logger: .pontoon("appservice"))
        handlers.routes(router)

        let readiness = ServerReadiness()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(config.appservice.hostname, port: config.appservice.port), serverName: "Pontoon"),
            onServerRunning: { _ in readiness.signal() },
            logger: .pontoon("http"))
        let check = StartupCheck(
            homeserver: homeserver, homeserverAddress: config.homeserver.address.absoluteString,
            bridgeAddress: config.appservice.address.absoluteString, logger: logger)
        let botProfile = config.appservice.bot
        let doublePuppet = DoublePuppetCheck(config: config, httpClient: httpClient, logger: logger)
        let startup = StartupCheckService(readiness: readiness, check: check) {
            try await doublePuppet.run()
            try await handlers.onStart()
            if let name = botProfile.displayname, !name.isEmpty {
                try? await homeserver.bot.setDisplayName(name)
            }
            logger.info("Bridge started", metadata: ["bot": "\(botUserID)", "listen": "\(config.appservice.hostname):\(config.appservice.port)"])
        }

        var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: app),
            .init(service: dispatcher),
            .init(service: startup, successTerminationBehavior: .ignore, failureTerminationBehavior: .gracefullyShutdownGroup),
        ]
        if let metrics = launch.metricsServer { services.append(.init(service: metrics)) }
        let group = ServiceGroup(configuration: .init(
            services: services, gracefulShutdownSignals: [.sigterm, .sigint], cancellationSignals: [], logger: .pontoon("lifecycle")))
        do {
            try await group.run()
        } catch {
            await handlers.onStop()
            throw error
        }
        await handlers.onStop()
    }
}
