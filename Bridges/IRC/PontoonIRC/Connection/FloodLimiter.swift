/// How fast one connection may write lines: a token bucket. IRC servers disconnect ("Excess Flood")
/// or delay clients that write too fast, so every line a user or the bridge sends passes through it.
public struct FloodPolicy: Sendable, Hashable, Decodable {
    /// Lines that may go out at once after a quiet period.
    public var burst: Int
    /// Lines per second once the burst is used up; 0 turns the limiter off (only for servers you run).
    public var linesPerSecond: Double

    public init(burst: Int = 5, linesPerSecond: Double = 2) {
        self.burst = burst
        self.linesPerSecond = linesPerSecond
    }

    /// Safe on public networks: matches what Libera and OFTC tolerate from one client.
    public static let safe = FloodPolicy()
    /// No limit, for a local test server.
    public static let unlimited = FloodPolicy(burst: 1, linesPerSecond: 0)

    enum CodingKeys: String, CodingKey {
        case burst
        case linesPerSecond = "lines_per_second"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = FloodPolicy.safe
        burst = max(1, try container.decodeIfPresent(Int.self, forKey: .burst) ?? defaults.burst)
        linesPerSecond = max(0, try container.decodeIfPresent(Double.self, forKey: .linesPerSecond) ?? defaults.linesPerSecond)
    }
}

/// The token bucket behind ``FloodPolicy``, on an injected clock so it is testable without sleeping.
struct FloodLimiter: Sendable {
    let policy: FloodPolicy
    private var tokens: Double
    private var refilledAt: ContinuousClock.Instant

    init(policy: FloodPolicy, now: ContinuousClock.Instant) {
        self.policy = policy
        tokens = Double(policy.burst)
        refilledAt = now
    }

    /// Takes a token for one line: `nil` when it may go now, else how long to wait first.
    mutating func delayBeforeNextLine(now: ContinuousClock.Instant) -> Duration? {
        guard policy.linesPerSecond > 0 else { return nil }
        refill(now: now)
        if tokens >= 1 {
            tokens -= 1
            return nil
        }
        let missing = 1 - tokens
        return .milliseconds(Int64((missing / policy.linesPerSecond * 1000).rounded(.up)))
    }

    private mutating func refill(now: ContinuousClock.Instant) {
        let elapsed = refilledAt.duration(to: now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        tokens = min(Double(policy.burst), tokens + max(0, seconds) * policy.linesPerSecond)
        refilledAt = now
    }
}
