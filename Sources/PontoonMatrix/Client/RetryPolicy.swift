/// How often and how patiently a client-server call is retried.
///
/// Which failures are retried depends on the call: see ``HomeserverClient`` and
/// `RequestRetryClass`. This type only decides how many attempts and how long to wait between them.
public struct RetryPolicy: Sendable, Hashable {
    /// How the backoff delay is randomised so that many ghosts failing together don't retry together.
    public enum Jitter: Sendable, Hashable {
        /// A uniform delay in `0 … min(maxDelay, initialDelay · 2^(attempt-1))` ("full jitter").
        case full
        /// A uniform delay in `initialDelay … min(maxDelay, 3 · previous delay)` ("decorrelated jitter").
        case decorrelated
        /// Exactly `min(maxDelay, initialDelay · 2^(attempt-1))`; for tests that need determinism.
        case none
    }

    /// Total attempts including the first one; 1 disables retries.
    public var maxAttempts: Int
    /// The base of the exponential backoff.
    public var initialDelay: Duration
    /// No wait is longer than this, including a homeserver's `retry_after_ms`.
    public var maxDelay: Duration
    public var jitter: Jitter

    public init(maxAttempts: Int = 6, initialDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(30),
        jitter: Jitter = .full)
    {
        self.maxAttempts = max(1, maxAttempts)
        self.initialDelay = max(.zero, initialDelay)
        self.maxDelay = max(self.initialDelay, maxDelay)
        self.jitter = jitter
    }

    /// Six attempts, 0.5 s initial delay, at most 30 s, full jitter.
    public static let `default` = RetryPolicy()

    /// One attempt only.
    public static let never = RetryPolicy(maxAttempts: 1)

    /// The wait before the attempt after `failedAttempt` (1-based), given the previous wait.
    func backoff(afterAttempt failedAttempt: Int, previousDelay: Duration) -> Duration {
        let exponent = min(max(failedAttempt - 1, 0), 30)
        let ceiling = min(maxDelay, initialDelay * (1 << exponent))
        switch jitter {
        case .none:
            return ceiling
        case .full:
            return Self.random(in: .zero, ceiling)
        case .decorrelated:
            let upper = min(maxDelay, max(initialDelay, previousDelay * 3))
            return Self.random(in: initialDelay, upper)
        }
    }

    /// The wait a homeserver asked for, capped at ``maxDelay``.
    func rateLimitDelay(retryAfterMs: Int) -> Duration {
        min(maxDelay, .milliseconds(max(0, retryAfterMs)))
    }

    private static func random(in lower: Duration, _ upper: Duration) -> Duration {
        let low = lower.inNanoseconds, high = upper.inNanoseconds
        guard high > low else { return lower }
        return .nanoseconds(Int64.random(in: low...high))
    }
}

extension Duration {
    /// The whole duration in nanoseconds, saturating far beyond any delay we use.
    var inNanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }

    /// The duration in seconds as a floating-point number, for metrics and logs.
    var inSeconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
