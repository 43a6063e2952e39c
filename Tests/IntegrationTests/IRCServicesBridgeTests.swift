import Foundation
import PontoonMatrix
import PontoonTestSupport
import Testing

/// `pontoon-irc` against InspIRCd with Atheme services over TLS: a SASL login from Matrix, then
/// `certfp`, and after a restart the puppet logs in to its account by certificate alone.
@Suite("IRC bridge with services end to end", .serialized, RigAvailability.ircServicesTrait)
struct IRCServicesBridgeTests {
    @Test func certfpMovesASaslLoginToACertificateThatOutlivesARestart() async throws {
        try await withIRCServices { services in
            try await services.register(account: "alice", password: "correct-horse")
            let files = try IRCBridgeHarness.configuredFiles(server: "host: 127.0.0.1, port: \(services.tlsPort), tls: true, verify_tls: false")
            try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
                try await Self.flow(services: services, rig: rig, files: files)
            }
        }
    }

    private static func flow(services: IRCServicesRig, rig: SynapseRig, files: BridgeFiles) async throws {
        var bridge = try await EchoBridgeProcess(files: files, executable: "pontoon-irc")
        let alice = try await BridgeUser.login("alice", on: rig, bot: IRCBridgeHarness.bot)
        let management = try await alice.openManagementRoom()
        try await alice.command("login sasl", in: management, expecting: "Send your **nick**")
        try await alice.command("alice", in: management, expecting: "Send your **account name**")
        try await alice.command("alice", in: management, expecting: "Send your **password**")
        try await alice.command("correct-horse", in: management, expecting: "Logged in as **alice on test**")
        try await alice.command("join #certs", in: management, expecting: "Joined #certs")

        let watcher = try await RawIRCClient.connect(port: services.port, nick: "watcher")
        try await watcher.send("JOIN #certs")
        try await watcher.send("WHOIS alice")
        _ = try await watcher.waitForLine { $0.contains(" 330 watcher alice alice ") }

        let answer = try await alice.command("certfp", in: management, expecting: "now uses a client certificate")
        let fingerprint = answer["content"]?["body"]?.stringValue?.split(separator: " ").first { $0.count >= 64 }
        #expect(fingerprint != nil, "the reply names the fingerprint")

        // The stored login has the certificate and no password: after a restart it is all there is.
        await bridge.stop()
        let mark = watcher.lines.count
        bridge = try await EchoBridgeProcess(files: files, executable: "pontoon-irc")
        _ = try await watcher.waitForLines(from: mark, count: 1) { $0.hasPrefix(":alice!") && $0.contains("JOIN") }
        let afterRestart = watcher.lines.count
        try await watcher.send("WHOIS alice")
        _ = try await watcher.waitForLines(from: afterRestart, count: 1) { $0.contains(" 330 watcher alice alice ") }

        await watcher.close()
        await bridge.stop()
        await alice.agent.stop()
    }
}
