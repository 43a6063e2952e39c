import Foundation
import PontoonMatrix
import PontoonTestSupport
import Testing

/// Exactly-once across a SIGKILL: the bridge dies in the middle of a 200-message burst, starts
/// again on the same database and remote history, and every message arrives once, in order.
@Suite("Exactly once across SIGKILL", .serialized, RigAvailability.synapseTrait)
struct EchoCrashRecoveryTests {
    @Test func burstsInBothDirectionsSurviveASigkill() async throws {
        let (files, _) = try EchoBridgeProcess.files()
        try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
            var bridge = try await EchoBridgeProcess(files: files)
            let alice = try await BridgeUser.login("alice", on: rig)
            // A second device of Alice watches while the first one sends.
            let observer = try await BridgeUser.login("alice", on: rig)
            let management = try await alice.openManagementRoom()
            let portal = try await alice.logIn(as: "alice", managementRoom: management)
            let ghost = BridgeUser.echoGhost

            // Matrix → network: 200 messages; the bridge is killed once 50 echoes are back.
            let names = (1...200).map { String(format: "m-%03d", $0) }
            let gate = BurstGate()
            let sending = Task {
                do {
                    for name in names {
                        await gate.enter()
                        try await alice.agent.sendText(name, to: portal)
                        await gate.didSend(name)
                    }
                } catch {
                    await gate.finish()
                    throw error
                }
                await gate.finish()
            }
            try await Self.waitWhileProgressing(observer, in: portal, from: ghost, until: "m-050", step: "echoes before the first kill")
            try await bridge.kill()
            let reachedBeforeKill = bridge.remoteHistory.filter { $0["sender"]?.stringValue == "alice" }.count
            #expect(reachedBeforeKill < 200, "the kill landed in the middle of the burst")
            // Alice goes on while the bridge is down; the homeserver queues what she sends. Her
            // burst waits while the homeserver catches the bridge up (see BurstGate for why).
            try await Task.sleep(for: .milliseconds(500))
            let sentWhileDown = await gate.close()
            bridge = try await EchoBridgeProcess(files: files)
            if let sentWhileDown {
                try await Self.waitWhileProgressing(observer, in: portal, from: ghost, until: sentWhileDown, step: "catching up after the first restart")
                try await Task.sleep(for: .seconds(1))
            }
            await gate.open()
            try await sending.value
            try await Self.waitWhileProgressing(observer, in: portal, from: ghost, until: "m-200", step: "echoes after the first restart")
            let sentByAlice = bridge.remoteHistory.filter { $0["sender"]?.stringValue == "alice" && $0["op"]?.stringValue == "message" }
            let onNetwork = sentByAlice.compactMap { $0["text"]?.stringValue }
            #expect(onNetwork == names, "the network got each Matrix message once, in order: \(Self.difference(onNetwork, names))")
            let echoes = try await bodies(from: ghost, in: portal, of: observer, matching: "m-")
            #expect(echoes == names, "each echo came back to Matrix once, in order: \(Self.difference(echoes, names))")

            // Network → Matrix: the echo user sends 200 messages; the bridge is killed after 20.
            try await alice.agent.sendText("burst 200", to: portal)
            try await Self.waitWhileProgressing(observer, in: portal, from: ghost, until: "burst 20/200", step: "burst before the second kill")
            try await bridge.kill()
            let beforeRestart = try await bodies(from: ghost, in: portal, of: observer, matching: "burst ").count
            try await Task.sleep(for: .milliseconds(500))
            bridge = try await EchoBridgeProcess(files: files)
            try await Self.waitWhileProgressing(observer, in: portal, from: ghost, until: "burst 200/200", step: "burst after the second restart")
            let burst = (1...200).map { "burst \($0)/200" }
            let received = try await bodies(from: ghost, in: portal, of: observer, matching: "burst ")
            #expect(received == burst, "each network message reached Matrix once, in order: \(Self.difference(received, burst))")
            #expect(beforeRestart < 200, "the kill landed in the middle of the burst")

            await bridge.stop()
            await alice.agent.stop()
            await observer.agent.stop()
        }
    }

    /// Waits for `body` from `sender` as long as `sender` keeps talking: a loaded CI machine may take
    /// minutes for 200 messages, but a minute without any is a stall.
    private static func waitWhileProgressing(_ user: BridgeUser, in room: RoomID, from sender: UserID, until body: String,
                                             step: String) async throws {
        var next = 0
        while true {
            let event: JSONValue
            do {
                (event, next) = try await user.waitEvent(in: room, sender: sender, after: next, timeout: 60)
            } catch {
                throw RigError.failed("\(step): nothing from \(sender) for 60 s before \"\(body)\" (\(error))")
            }
            if event["content"]?["body"]?.stringValue == body { return }
        }
    }

    /// What differs between what arrived and what was sent: missing, repeated, first out of place.
    private static func difference(_ got: [String], _ expected: [String]) -> String {
        let missing = expected.filter { !got.contains($0) }
        let repeated = Dictionary(grouping: got, by: { $0 }).filter { $0.value.count > 1 }.keys.sorted()
        let misplaced = zip(got, expected).first { $0 != $1 }.map { "\($0.0) where \($0.1) belongs" } ?? "none"
        return "missing \(missing), repeated \(repeated), first out of place: \(misplaced)"
    }

    /// The bodies of `sender`'s messages in `room` that start with `prefix`, oldest first.
    private func bodies(from sender: UserID, in room: RoomID, of user: BridgeUser, matching prefix: String) async throws -> [String] {
        try await user.agent.messages(in: room, limit: 1000)
            .filter { $0["sender"]?.stringValue == sender.rawValue && $0["type"]?.stringValue == "m.room.message" }
            .compactMap { $0["content"]?["body"]?.stringValue }
            .filter { $0.hasPrefix(prefix) }
    }
}
