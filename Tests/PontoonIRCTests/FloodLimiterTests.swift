@testable import PontoonIRC
import Testing

@Suite("Flood limiter and reconnect backoff")
struct FloodLimiterTests {
    @Test func aBurstGoesOutAtOnceThenLinesAreSpacedByTheRate() {
        let start = ContinuousClock.now
        var limiter = FloodLimiter(policy: FloodPolicy(burst: 3, linesPerSecond: 2), now: start)
        #expect(limiter.delayBeforeNextLine(now: start) == nil)
        #expect(limiter.delayBeforeNextLine(now: start) == nil)
        #expect(limiter.delayBeforeNextLine(now: start) == nil)
        #expect(limiter.delayBeforeNextLine(now: start) == .milliseconds(500))
        // Half a second later one token is back.
        #expect(limiter.delayBeforeNextLine(now: start + .milliseconds(500)) == nil)
        #expect(limiter.delayBeforeNextLine(now: start + .milliseconds(500)) == .milliseconds(500))
    }

    @Test func aQuietPeriodRefillsNoMoreThanTheBurst() {
        let start = ContinuousClock.now
        var limiter = FloodLimiter(policy: FloodPolicy(burst: 2, linesPerSecond: 10), now: start)
        let later = start + .seconds(3600)
        #expect(limiter.delayBeforeNextLine(now: later) == nil)
        #expect(limiter.delayBeforeNextLine(now: later) == nil)
        #expect(limiter.delayBeforeNextLine(now: later) != nil)
    }

    @Test func aRateOfZeroTurnsTheLimiterOff() {
        let start = ContinuousClock.now
        var limiter = FloodLimiter(policy: .unlimited, now: start)
        for _ in 0..<10_000 { #expect(limiter.delayBeforeNextLine(now: start) == nil) }
    }

    @Test func backoffDoublesUpToTheMaximumWithJitter() {
        var backoff = ReconnectBackoff(base: .seconds(2), maximum: .seconds(60))
        let top = { (range: ClosedRange<Double>) in range.upperBound }
        #expect(backoff.nextDelay(lastConnectionLasted: nil, random: top) == .seconds(2))
        #expect(backoff.nextDelay(lastConnectionLasted: nil, random: top) == .seconds(4))
        #expect(backoff.nextDelay(lastConnectionLasted: nil, random: top) == .seconds(8))
        for _ in 0..<40 { _ = backoff.nextDelay(lastConnectionLasted: nil, random: top) }
        #expect(backoff.nextDelay(lastConnectionLasted: nil, random: top) == .seconds(60))
        // Jitter stays within half and all of the step.
        let low = backoff.nextDelay(lastConnectionLasted: nil, random: { $0.lowerBound })
        #expect(low == .seconds(30))
    }

    @Test func aConnectionThatLastedResetsTheBackoff() {
        var backoff = ReconnectBackoff(base: .seconds(2), maximum: .seconds(60))
        let top = { (range: ClosedRange<Double>) in range.upperBound }
        for _ in 0..<5 { _ = backoff.nextDelay(lastConnectionLasted: nil, random: top) }
        #expect(backoff.nextDelay(lastConnectionLasted: .seconds(600), random: top) == .seconds(2))
    }

    @Test func floodPolicyFromConfigRejectsNonsenseQuietly() throws {
        let policy = try JSONDecoderForTests.decode(FloodPolicy.self, #"{"burst": -3, "lines_per_second": -1}"#)
        #expect(policy.burst == 1)
        #expect(policy.linesPerSecond == 0)
    }
}

import Foundation
enum JSONDecoderForTests {
    static func decode<T: Decodable>(_ type: T.Type, _ json: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(json.utf8))
    }
}
