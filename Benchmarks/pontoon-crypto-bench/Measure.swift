/// One measured operation: how many times, how long.
struct Measurement {
    let name: String
    let operations: Int
    let seconds: Double

    var perSecond: Double { Double(operations) / seconds }
    var microseconds: Double { seconds * 1_000_000 / Double(operations) }
}

/// Runs `body` `count` times (after a short warm-up) and times the loop.
func measure(_ name: String, count: Int, _ body: (Int) throws -> Void) rethrows -> Measurement {
    for i in 0..<min(10, count) { try body(i) }
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<count { try body(i) }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Measurement(name: name, operations: count, seconds: seconds)
}

/// The async flavour, for the machine's actor methods.
func measure(_ name: String, count: Int, _ body: (Int) async throws -> Void) async rethrows -> Measurement {
    for i in 0..<min(10, count) { try await body(i) }
    let clock = ContinuousClock()
    let start = clock.now
    for i in 0..<count { try await body(i) }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
    return Measurement(name: name, operations: count, seconds: seconds)
}

/// Prints a group: each measurement with ops/s, µs/op and its cost as a multiple of each baseline.
func report(_ title: String, _ rows: [Measurement], baselines: [Measurement]) {
    print("\n\(title)")
    func pad(_ s: String, _ n: Int) -> String { s.count >= n ? s : s + String(repeating: " ", count: n - s.count) }
    func fmt(_ x: Double, _ digits: Int = 1) -> String {
        let scale = Double([1, 10, 100, 1000][digits])
        return "\((x * scale).rounded() / scale)"
    }
    let header = pad("operation", 44) + pad("ops/s", 12) + pad("µs/op", 10) + baselines.map { pad("× " + $0.name, 28) }.joined()
    print(header)
    for row in baselines + rows {
        let ratios = baselines.map { pad(fmt(row.microseconds / $0.microseconds, 2), 28) }.joined()
        print(pad(row.name, 44) + pad(fmt(row.perSecond, 0), 12) + pad(fmt(row.microseconds, 2), 10) + ratios)
    }
}
