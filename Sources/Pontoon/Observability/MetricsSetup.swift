import Metrics
import Prometheus
import Synchronization

/// Routes swift-metrics into a Prometheus registry when `metrics.enabled`.
public enum MetricsSetup {
    private static let installed = Mutex<PrometheusCollectorRegistry?>(nil)

    /// Bootstraps `MetricsSystem` with a Prometheus factory and returns its registry, or `nil`
    /// when metrics are disabled. swift-metrics accepts one bootstrap per process, so a second
    /// call returns the registry of the first.
    public static func bootstrap(_ metrics: BridgeConfig.Metrics) -> PrometheusCollectorRegistry? {
        guard metrics.enabled else { return nil }
        return installed.withLock { registry in
            if let registry { return registry }
            let created = PrometheusCollectorRegistry()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: created))
            registry = created
            return created
        }
    }

    /// The registry installed by ``bootstrap(_:)``, if any.
    public static var registry: PrometheusCollectorRegistry? {
        installed.withLock { $0 }
    }
}
