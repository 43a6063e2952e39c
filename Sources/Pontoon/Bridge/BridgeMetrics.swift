import Metrics

/// What the core counts, for `/metrics`.
enum BridgeMetrics {
    enum Direction: String {
        case toMatrix = "to_matrix"
        case toNetwork = "to_network"
    }

    /// One event bridged; `kind` is `message`, `edit`, `reaction`, `redaction`, ….
    static func bridged(_ direction: Direction, _ kind: String) {
        Counter(label: "pontoon_bridged_events_total", dimensions: [("direction", direction.rawValue), ("kind", kind)]).increment()
    }

    /// A Matrix event the network did not take (the user got a notice).
    static func deliveryFailed() {
        Counter(label: "pontoon_delivery_failures_total").increment()
    }
}
