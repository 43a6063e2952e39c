import Hummingbird
import Logging
import Prometheus
import ServiceLifecycle

/// Serves `GET /metrics` in the Prometheus text format on `metrics.listen`, as a service to run
/// in the bridge's `ServiceGroup` (it stops on graceful shutdown).
public struct MetricsServer: Service {
    public let registry: PrometheusCollectorRegistry
    public let host: String
    public let port: Int
    let logger: Logger

    public init(registry: PrometheusCollectorRegistry, host: String, port: Int, logger: Logger = .pontoon("metrics")) {
        self.registry = registry
        self.host = host
        self.port = port
        self.logger = logger
    }

    /// The server for a config's `metrics:` section; `nil` when `listen` is not `host:port`.
    public init?(registry: PrometheusCollectorRegistry, config: BridgeConfig.Metrics, logger: Logger = .pontoon("metrics")) {
        guard let address = config.listenAddress else { return nil }
        self.init(registry: registry, host: address.host, port: address.port, logger: logger)
    }

    /// The `Content-Type` of the Prometheus text exposition format.
    public static let contentType = "text/plain; version=0.0.4; charset=utf-8"

    /// The routes alone, for tests with HummingbirdTesting.
    public static func router(registry: PrometheusCollectorRegistry) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("metrics") { _, _ -> Response in
            let body = registry.emitToBuffer()
            return Response(
                status: .ok,
                headers: [.contentType: contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: body))
            )
        }
        return router
    }

    /// The Hummingbird application this service runs.
    public func makeApplication() -> some ApplicationProtocol {
        Application(
            router: Self.router(registry: registry),
            configuration: .init(address: .hostname(host, port: port), serverName: "pontoon-metrics"),
            logger: logger
        )
    }

    public func run() async throws {
        logger.info("Serving metrics", metadata: ["listen": "\(host):\(port)"])
        try await makeApplication().run()
    }
}
