/// Delays between reconnection attempts: doubling from `base` up to `maximum`, each with random
/// jitter, so that hundreds of puppets dropped by one netsplit do not all come back in the same
/// second (the main operational failure of other IRC bridges).
struct ReconnectBackoff: Sendable {
    var base: Duration = .seconds(2)
    var maximum: Duration = .seconds(300)
    /// A connection that stayed up this long resets the delay to `base`.
    var stableAfter: Duration = .seconds(60)
    private(set) var attempts = 0

    init(base: Duration = .seconds(2), maximum: Duration = .seconds(300)) {
        self.base = base
        self.maximum = maximum
    }

    /// The delay before the next attempt, given how long the last connection lived.
    mutating func nextDelay(lastConnectionLasted: Duration?,
                            random: (ClosedRange<Double>) -> Double = { Double.random(in: $0) }) -> Duration {
        if let lasted = lastConnectionLasted, lasted >= stableAfter { attempts = 0 }
        let factor = Double(1 << min(attempts, 16))
        attempts += 1
        let capped = min(base * factor, maximum)
        // Full range jitter in [50 %, 100 %] of the step keeps the growth while spreading reconnects.
        return capped * random(0.5...1.0)
    }
}
