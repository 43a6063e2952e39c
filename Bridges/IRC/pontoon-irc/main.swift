import Pontoon
import PontoonIRC

await BridgeCLI.main(network: IRCNetwork()) { launch in
    try await BridgeRuntime(launch: launch) { services in
        let network = IRCNetwork(config: try services.config.decodeNetworkSection(as: IRCBridgeConfig.self),
                                 relayFormat: services.config.bridge.relay.messageFormat)
        return try await Bridge.handlers(for: network, services: services, commands: IRCCommands.all)
    }.run()
}
