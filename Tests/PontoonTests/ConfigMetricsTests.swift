import Foundation
import Hummingbird
import HummingbirdTesting
@testable import Pontoon
import Prometheus
import Testing

@Suite("Metrics endpoint")
struct ConfigMetricsTests {
    @Test func metricsEndpointServesPrometheusText() async throws {
        let registry = PrometheusCollectorRegistry()
        PrometheusMetricsFactory(registry: registry).makeCounter(label: "pontoon_test_events_total", dimensions: []).increment(by: 3)
        let server = MetricsServer(registry: registry, host: "127.0.0.1", port: 0)

        try await server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/metrics", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == MetricsServer.contentType)
                let body = String(buffer: response.body)
                #expect(body.contains("# TYPE pontoon_test_events_total counter"))
                #expect(body.contains("pontoon_test_events_total 3"))
            }
        }
    }

    @Test func otherPathsAreNotFound() async throws {
        let server = MetricsServer(registry: PrometheusCollectorRegistry(), host: "127.0.0.1", port: 0)
        try await server.makeApplication().test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test(arguments: [
        ("127.0.0.1:8001", "127.0.0.1", 8001), ("[::1]:9000", "::1", 9000), ("0.0.0.0:1", "0.0.0.0", 1),
    ])
    func listenAddressSplitsHostAndPort(listen: String, host: String, port: Int) {
        let address = BridgeConfig.Metrics(enabled: true, listen: listen).listenAddress
        #expect(address?.host == host)
        #expect(address?.port == port)
    }

    @Test(arguments: ["localhost", "::1:80", ":8001", "127.0.0.1:0", "127.0.0.1:99999", "127.0.0.1:http"])
    func listenAddressRejectsWhatIsNotHostAndPort(listen: String) {
        #expect(BridgeConfig.Metrics(enabled: true, listen: listen).listenAddress == nil)
    }

    @Test func disabledMetricsBootstrapNothing() {
        #expect(MetricsSetup.bootstrap(.init(enabled: false)) == nil)
    }
}
