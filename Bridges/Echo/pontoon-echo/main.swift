import Pontoon
import PontoonEcho

await BridgeCLI.main(network: EchoNetwork()) { launch in
    try await BridgeRuntime(launch: launch) { services in
        let network = try EchoNetwork(config: try services.config.decodeNetworkSection(as: EchoNetwork.Config.self))
        return try await Bridge.handlers(for: network, services: services, commands: EchoCommands.all)
    }.run()
}
