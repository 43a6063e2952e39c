import Foundation
import PontoonMatrix
import PontoonTestSupport

// What end-to-bridge encryption adds end to end: a matrix-nio user (encryption on) sends `version`
// to the echo bridge's bot and waits for the answer, first in an unencrypted DM with the bot, then
// in an encrypted one, against the same Synapse rig and bridge. The encrypted round trip also
// carries the client's own Megolm encrypt and decrypt (matrix-nio on vodozemac).
//
//   swift build -c release && swift run -c release pontoon-e2ee-bench [round-trips]

let roundTrips = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 50

if ProcessInfo.processInfo.environment["PONTOON_BIN_DIR"] == nil {
    // Use the bridge built next to this bench (release when the bench is).
    setenv("PONTOON_BIN_DIR", URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().path, 1)
}

/// The echo bridge's files with encryption allowed and every `localhost` user permitted.
func bridgeFiles() throws -> BridgeFiles {
    let files = try BridgeFiles.generate(executable: "pontoon-echo")
    var text = try String(contentsOf: files.config, encoding: .utf8)
    text = try YAMLLineEditor.set("bridge.permissions", raw: "{\"localhost\": user}", in: text)
    text = try YAMLLineEditor.set("encryption.allow", raw: "true", in: text)
    try text.write(to: files.config, atomically: true, encoding: .utf8)
    return files
}

/// Each `version` round trip in `room`, in milliseconds: as the client saw it (send → answer
/// decrypted, including matrix-nio's sync polling), and as the homeserver stamped it (the
/// answer's `origin_server_ts` − the command's: push to the bridge, the bridge's work, its send).
func roundTripTimes(_ agent: NioAgent, user: UserID, bot: UserID, room: RoomID, count: Int) async throws -> (client: [Double], server: [Double]) {
    var position = 0
    var client: [Double] = [], server: [Double] = []
    for index in 0..<(count + 3) {
        let start = ContinuousClock.now
        try await agent.sendText("version", to: room)
        let answer = try await agent.call("wait_event", [
            "room": .string(room.rawValue), "sender": .string(bot.rawValue), "body": "built on Pontoon",
            "after": .int(Int64(position)), "timeout": 30,
        ])
        let elapsed = ContinuousClock.now - start
        let command = try await agent.call("wait_event", [
            "room": .string(room.rawValue), "sender": .string(user.rawValue), "body": "version",
            "after": .int(Int64(position)), "timeout": 30,
        ])
        position = Int(answer["index"]?.intValue ?? 0)
        // The first few warm caches and sessions up.
        guard index >= 3 else { continue }
        client.append(Double(elapsed.components.attoseconds) / 1e15 + Double(elapsed.components.seconds) * 1000)
        if let sent = command["event"]?["origin_server_ts"]?.intValue, let answered = answer["event"]?["origin_server_ts"]?.intValue {
            server.append(Double(answered - sent))
        }
    }
    return (client, server)
}

func percentile(_ values: [Double], _ p: Double) -> Double {
    let sorted = values.sorted()
    return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
}

func format(_ ms: Double) -> String { String(format: "%7.2f ms", ms) }

let files = try bridgeFiles()
try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
    let log = files.directory.appendingPathComponent("bridge.log")
    let bridge = try ChildProcess(executable: try RepositoryPaths.executable("pontoon-echo"), arguments: ["-c", files.config.path], stderrTo: log)
    defer { Task { await bridge.stop() } }
    let deadline = ContinuousClock.now + .seconds(60)
    while !FreePort.isListening(files.appservicePort) {
        guard ContinuousClock.now < deadline, bridge.isRunning else { throw RigError.failed("pontoon-echo did not start; see \(log.path)") }
        try await Task.sleep(for: .milliseconds(100))
    }
    let bot = try UserID(validating: "@echobot:localhost")
    let agent = try NioAgent()
    let user = try await agent.login(homeserver: rig.url, username: "alice", encryption: true)

    var results: [(name: String, client: [Double], server: [Double])] = []
    for encrypted in [false, true] {
        let room = try await agent.createRoom(invite: [bot], isDirect: true, encrypted: encrypted)
        _ = try await agent.call("wait_event", ["room": .string(room.rawValue), "sender": .string(bot.rawValue),
                                                "body": "management room", "timeout": 60])
        let times = try await roundTripTimes(agent, user: user, bot: bot, room: room, count: roundTrips)
        results.append((encrypted ? "encrypted DM" : "unencrypted DM", times.client, times.server))
    }
    await agent.stop()

    print("\nCommand round trip through Synapse and pontoon-echo (\(roundTrips) each, after 3 warm-up)")
    print("                  as stamped by the homeserver         as the client saw it")
    print("                     median        p90        mean      median        p90")
    for row in results {
        let mean = row.server.reduce(0, +) / Double(max(1, row.server.count))
        print("\(row.name.padding(toLength: 16, withPad: " ", startingAt: 0)) \(format(percentile(row.server, 0.5))) "
              + "\(format(percentile(row.server, 0.9))) \(format(mean)) \(format(percentile(row.client, 0.5))) \(format(percentile(row.client, 0.9)))")
    }
    let plain = percentile(results[0].server, 0.5), encrypted = percentile(results[1].server, 0.5)
    print(String(format: "\nencryption adds %.2f ms to the homeserver-stamped round trip (median), %.2fx the unencrypted one",
                 encrypted - plain, encrypted / plain))
    await bridge.stop()
}
