import Pontoon
import PontoonSMS

await BridgeCLI.main(network: SMSNetwork()) { launch in
    try await BridgeRuntime(launch: launch) { services in
        let network = SMSNetwork(config: try services.config.decodeNetworkSection(as: SMSBridgeConfig.self))
        var handlers = try await Bridge.handlers(for: network, services: services, commands: network.commands)
        let coreRoutes = handlers.routes
        handlers.routes = { router in
            coreRoutes(router)
            network.install(on: router)
        }
        return handlers
    }.run()
}
