import Metrics

/// The client's Prometheus-style metrics, one observation per HTTP exchange (each retry counts).
enum HomeserverMetrics {
    /// The result of one exchange: `ok`, `http_4xx`, `http_5xx`, `rate_limited` or `transport`.
    enum Outcome: String {
        case ok
        case http4xx = "http_4xx"
        case http5xx = "http_5xx"
        case rateLimited = "rate_limited"
        case transport

        /// 2xx is ok, 429 is rate-limited, 5xx is http_5xx; anything else unexpected counts as http_4xx.
        init(statusCode: Int) {
            switch statusCode {
            case 200..<300: self = .ok
            case 429: self = .rateLimited
            case 500...: self = .http5xx
            default: self = .http4xx
            }
        }
    }

    static func record(endpoint: String, outcome: Outcome, duration: Duration) {
        Counter(label: "pontoon_homeserver_requests_total",
            dimensions: [("endpoint", endpoint), ("outcome", outcome.rawValue)]).increment()
        Metrics.Timer(label: "pontoon_homeserver_request_duration_seconds", dimensions: [("endpoint", endpoint)],
            preferredDisplayUnit: .seconds).recordNanoseconds(duration.inNanoseconds)
    }
}
