import Pontoon
import PontoonEcho

await BridgeCLI.main(network: EchoNetwork()) { launch in
    try await BridgeRuntime(launch: launch) { services in
        .init(events: LoggingEventHandler(logger: services.logger))
    }.run()
}
