// Throughput of the IRC bridge's text path, and the memory of idle puppet connections.
//
// Parse and format figures are lines/s next to a baseline measured in the same run (splitting the
// same lines on spaces; escaping the same text for HTML), so they compare across machines as ratios.
// The memory figure is the growth of this process's resident set while `connections` idle clients
// are registered to a local ngircd that the bench starts itself (Debian's `ngircd`).
//
// Run with `swift run -c release pontoon-irc-bench [lines] [connections]`.
import Foundation
import Logging
import Pontoon
import PontoonIRC

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

@discardableResult
func measure(_ name: String, count: Int, _ body: () throws -> Void) rethrows -> Double {
    let start = ContinuousClock.now
    try body()
    let rate = Double(count) / seconds(ContinuousClock.now - start)
    print("\(name.padding(toLength: 46, withPad: " ", startingAt: 0)) \(String(format: "%12.0f", rate)) lines/s")
    return rate
}

func residentKiB() -> Int {
    let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
    let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
    return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
}

let arguments = CommandLine.arguments.dropFirst().compactMap(Int.init)
let lineCount = arguments.first ?? 200_000
let connections = arguments.dropFirst().first ?? 500

let samples = [
    "@time=2026-11-22T16:40:51.620Z;msgid=Yb6r2Ab7;account=bob :bob!~bob@host.example.org PRIVMSG #pontoon :hello there, how is the bridge doing today?",
    ":irc.example.org 353 alice = #pontoon :@alice +bob carol dave eve mallory trent victor walter",
    ":carol!~c@198.51.100.7 PRIVMSG #pontoon :\u{2}bold\u{2} and \u{3}04,12coloured\u{3} text with a link https://example.org/x",
    "PING :irc.example.org",
    ":dave!~d@203.0.113.9 JOIN #pontoon",
]
let lines = (0..<lineCount).map { samples[$0 % samples.count] }

print("IRC text path, \(lineCount) lines")
let splitRate = measure("baseline: split on spaces", count: lineCount) {
    for line in lines { _ = line.split(separator: " ") }
}
let parseRate = try measure("IRCMessage(parsing:)", count: lineCount) {
    for line in lines { _ = try IRCMessage(parsing: line) }
}
let messages = try lines.map { try IRCMessage(parsing: $0) }
let writeRate = try measure("IRCMessage.wireLine()", count: lineCount) {
    for message in messages { _ = try message.wireLine() }
}
let texts = lines.map { $0.split(separator: ":", maxSplits: 2).last.map(String.init) ?? $0 }
let escapeRate = measure("baseline: HTMLEscaping.escape", count: lineCount) {
    for text in texts { _ = HTMLEscaping.escape(text) }
}
let toMatrixRate = measure("IRCToMatrix.convert (IRC → HTML)", count: lineCount) {
    for text in texts { _ = IRCToMatrix.convert(text) }
}
let htmls = texts.map { IRCToMatrix.convert($0).html ?? HTMLEscaping.escape($0) }
let toIRCRate = measure("MatrixToIRC.convert (HTML → IRC)", count: lineCount) {
    for (text, html) in zip(texts, htmls) { _ = MatrixToIRC.convert(body: text, html: html) }
}
print(String(format: "ratios: parse %.2f× split, write %.2f× split, IRC→HTML %.2f× escape, HTML→IRC %.2f× escape",
             parseRate / splitRate, writeRate / splitRate, toMatrixRate / escapeRate, toIRCRate / escapeRate))

// MARK: - Idle connections

guard connections > 0, FileManager.default.isExecutableFile(atPath: "/usr/sbin/ngircd") else {
    print("memory: skipped (no connections asked for, or /usr/sbin/ngircd missing)")
    exit(0)
}
let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pontoon-irc-bench-\(UUID().uuidString.prefix(8))")
try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: directory) }
let port = 20_000 + Int.random(in: 0..<10_000)
try """
[Global]
Name = bench.pontoon.test
Info = bench
Listen = 127.0.0.1
Ports = \(port)
PidFile = \(directory.path)/ngircd.pid
[Limits]
MaxConnectionsIP = 0
MaxConnections = 0
[Options]
DNS = no
Ident = no
PAM = no
""".write(to: directory.appendingPathComponent("ngircd.conf"), atomically: true, encoding: .utf8)
let server = Process()
server.executableURL = URL(fileURLWithPath: "/usr/sbin/ngircd")
server.arguments = ["-n", "-f", directory.appendingPathComponent("ngircd.conf").path]
server.standardOutput = FileHandle.nullDevice
server.standardError = FileHandle.nullDevice
try server.run()
defer { server.terminate() }
try await Task.sleep(for: .seconds(1))

var quiet = Logger(label: "bench.irc")
quiet.logLevel = .error
let before = residentKiB()
let gate = ConnectGate(limit: 32, spacing: .zero)
var clients: [IRCClient] = []
for index in 0..<connections {
    let settings = IRCConnectionSettings(host: "127.0.0.1", port: port, nick: "idle\(index)", flood: .safe)
    let client = IRCClient(settings: settings, logger: quiet, gate: gate) { _ in }
    await client.start()
    clients.append(client)
}
let deadline = ContinuousClock.now + .seconds(120)
var ready = 0
while ContinuousClock.now < deadline {
    ready = 0
    for client in clients where await client.isConnected { ready += 1 }
    if ready == connections { break }
    try await Task.sleep(for: .milliseconds(200))
}
try await Task.sleep(for: .seconds(2))
let after = residentKiB()
print("memory: \(ready)/\(connections) idle connections registered; RSS \(before) KiB → \(after) KiB, "
    + String(format: "%.1f KiB per connection", Double(after - before) / Double(max(ready, 1))))
for client in clients { await client.stop(quitMessage: "bench done") }
