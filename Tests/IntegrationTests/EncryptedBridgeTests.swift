import Foundation
import PontoonMatrix
import PontoonTestSupport
import Testing

/// End-to-bridge encryption on the real Synapse rig (both experimental flags on) with matrix-nio
/// users that encrypt: management rooms, portals, files, a second device, a restart.
@Suite("End-to-bridge encryption", .serialized, RigAvailability.synapseTrait)
struct EncryptedBridgeTests {
    /// Turns encryption on (new portals encrypted) in a config `-g` already gave a pickle key.
    static func enableEncryption(in config: URL) throws {
        var text = try String(contentsOf: config, encoding: .utf8)
        text = try YAMLLineEditor.set("encryption.allow", raw: "true", in: text)
        text = try YAMLLineEditor.set("encryption.default", raw: "true", in: text)
        try text.write(to: config, atomically: true, encoding: .utf8)
    }

    /// Waits for a message the user's client decrypted (not merely received).
    static func decrypted(_ user: BridgeUser, in room: RoomID, from sender: UserID, body: String, after: Int = 0,
                          timeout: Int = 60) async throws -> (event: JSONValue, next: Int) {
        let found = try await user.waitEvent(in: room, sender: sender, body: body, after: after, timeout: timeout)
        #expect(found.event["decrypted"] == true, "the client decrypted \(body)")
        return found
    }

    @Test func echoBridgeTalksInEncryptedRoomsAcrossDevicesAndARestart() async throws {
        let (files, _) = try EchoBridgeProcess.files()
        try Self.enableEncryption(in: files.config)
        try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
            var bridge = try await EchoBridgeProcess(files: files)
            do {
                bridge = try await Self.echoFlow(rig: rig, files: files, bridge: bridge)
            } catch {
                await bridge.stop()
                throw error
            }
            await bridge.stop()
        }
    }

    private static func echoFlow(rig: SynapseRig, files: BridgeFiles, bridge first: EchoBridgeProcess) async throws -> EchoBridgeProcess {
        var bridge = first
        let bot = BridgeUser.bot, ghost = BridgeUser.echoGhost
        let alice = try await BridgeUser.login("alice", on: rig, encryption: true)

        // An encrypted DM with the bot: the greeting and the answer to `help` are encrypted, and readable.
        let management = try await alice.openManagementRoom(encrypted: true)
        let greeting = try await alice.waitEvent(in: management, sender: bot, body: "management room")
        #expect(greeting.event["decrypted"] == true)
        try await alice.agent.sendText("help", to: management)
        _ = try await decrypted(alice, in: management, from: bot, body: "login")

        // The portal the login opens is encrypted (encryption.default), and so is the echo ghost's talk.
        let portal = try await alice.logIn(as: "alice", managementRoom: management)
        let state = try await alice.agent.call("state", ["room": .string(portal.rawValue)]).arrayValue ?? []
        #expect(state.contains { $0["type"] == "m.room.encryption" && $0["content"]?["algorithm"] == "m.megolm.v1.aes-sha2" })
        try await alice.agent.sendText("hello through the crypto", to: portal)
        var position = try await decrypted(alice, in: portal, from: ghost, body: "hello through the crypto").next

        // Files both ways as encrypted attachments: the network got the plaintext (its size), and
        // the ghost's picture reaches Matrix encrypted and decrypts to the network's bytes.
        let photo = (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        let upload = try await alice.agent.uploadEncrypted(photo, contentType: "image/png", fileName: "photo.png")
        _ = try await alice.agent.send(to: portal, content: [
            "msgtype": "m.image", "body": "photo.png", "file": upload.file,
            "info": ["mimetype": "image/png", "size": .int(Int64(photo.count))],
        ])
        position = try await decrypted(alice, in: portal, from: ghost, body: "got photo.png (5000 bytes)", after: position).next
        try await alice.agent.sendText("picture", to: portal)
        let picture = try await alice.waitEvent(in: portal, type: "m.room.message", sender: ghost, body: "echo.svg", after: position)
        #expect(picture.event["decrypted"] == true)
        let file = try #require(picture.event["content"]?["file"])
        #expect(picture.event["content"]?["url"] == nil, "an encrypted room gets no cleartext media URL")
        let svg = try await alice.agent.downloadDecrypted(file: file)
        #expect(String(decoding: svg, as: UTF8.self).hasPrefix("<svg"))
        position = picture.next

        // A second device of alice, logged in later, writes to the bridge (claiming one of its
        // one-time keys) and reads what the bridge sends from then on, as the first device does.
        let laptop = try await BridgeUser.login("alice", on: rig, encryption: true)
        try await Task.sleep(for: .seconds(2))
        try await laptop.agent.sendText("for both devices", to: portal)
        _ = try await decrypted(laptop, in: portal, from: ghost, body: "for both devices")
        position = try await decrypted(alice, in: portal, from: ghost, body: "for both devices", after: position).next

        // Restarted mid-conversation, the bridge still reads alice's session and writes with its own.
        await bridge.stop()
        let firstLog = bridge.log
        bridge = try await EchoBridgeProcess(files: files)
        try await alice.agent.sendText("after the restart", to: portal)
        _ = try await decrypted(alice, in: portal, from: ghost, body: "after the restart", after: position)
        try await alice.agent.sendText("ping", to: management)
        _ = try await decrypted(alice, in: management, from: bot, body: "alice")

        let log = [firstLog, bridge.log].map { (try? String(contentsOf: $0, encoding: .utf8)) ?? "" }.joined()
        #expect(log.contains("To-device messages reach the bridge"), "the start-up probe came back")
        // The laptop claimed one of the bridge's one-time keys; the counts in transactions had it upload more.
        #expect(log.contains("Keys topped up"), "the bridge replaced the one-time keys clients claimed")
        await laptop.agent.stop()
        await alice.agent.stop()
        return bridge
    }

    @Test func requireRefusesUnencryptedRoomsAndAnswersInEncryptedOnes() async throws {
        let (files, _) = try EchoBridgeProcess.files()
        try Self.enableEncryption(in: files.config)
        var text = try String(contentsOf: files.config, encoding: .utf8)
        text = try YAMLLineEditor.set("encryption.require", raw: "true", in: text)
        try text.write(to: files.config, atomically: true, encoding: .utf8)
        try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
            let bridge = try await EchoBridgeProcess(files: files)
            try await stopping(bridge) { _ in
                let bot = BridgeUser.bot
                let alice = try await BridgeUser.login("alice", on: rig, encryption: true)
                let plain = try await alice.openManagementRoom(encrypted: false)
                try await alice.agent.sendText("help", to: plain)
                _ = try await alice.waitEvent(in: plain, sender: bot, body: "only works in encrypted rooms")
                let encrypted = try await alice.openManagementRoom(encrypted: true)
                try await alice.agent.sendText("help", to: encrypted)
                _ = try await Self.decrypted(alice, in: encrypted, from: bot, body: "login")
                await alice.agent.stop()
            }
        }
    }

    @Test func ircPortalCarriesEncryptedMessagesAndFilesBothWays() async throws {
        try await withIRCServer(.ngircd) { irc in
            let files = try IRCBridgeHarness.configuredFiles(server: "host: 127.0.0.1, port: \(irc.port)", publicMedia: true)
            try Self.enableEncryption(in: files.config)
            try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
                let bridge = try await EchoBridgeProcess(files: files, executable: "pontoon-irc")
                try await stopping(bridge) { bridge in
                    try await Self.ircFlow(IRCBridgeHarness(rig: rig, irc: irc, bridge: bridge, files: files))
                }
            }
        }
    }

    private static func ircFlow(_ harness: IRCBridgeHarness) async throws {
        let bob = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob")
        defer { Task { await bob.close() } }
        try await bob.send("JOIN #secret")
        let alice = try await BridgeUser.login("alice", on: harness.rig, bot: IRCBridgeHarness.bot, encryption: true)
        let management = try await alice.openManagementRoom(encrypted: true)
        try await alice.command("login", in: management, expecting: "Send your **nick**")
        try await alice.command("alice_e", in: management, expecting: "Logged in as **alice_e on test**")
        let portal = try await harness.join(alice, "#secret", management: management)

        try await alice.agent.sendText("hello bob, encrypted on Matrix", to: portal)
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_e!") && $0.hasSuffix("PRIVMSG #secret :hello bob, encrypted on Matrix") }
        try await bob.send("PRIVMSG #secret :hello alice, from plain IRC")
        _ = try await decrypted(alice, in: portal, from: IRCBridgeHarness.ghost("bob"), body: "hello alice, from plain IRC")

        // An encrypted image reaches IRC as a link that serves the decrypted bytes.
        let image = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let upload = try await alice.agent.uploadEncrypted(image, contentType: "image/png", fileName: "secret.png")
        _ = try await alice.agent.send(to: portal, content: [
            "msgtype": "m.image", "body": "secret.png", "file": upload.file,
            "info": ["mimetype": "image/png", "size": .int(Int64(image.count))],
        ])
        let line = try await bob.waitForLine { $0.hasPrefix(":alice_e!") && $0.contains("secret.png (image, 2 KiB): http://") }
        let url = try #require(line.split(separator: " ").last.map(String.init))
        let fetched = try await PublicLinkFetch.get(url)
        #expect(fetched.status == 200)
        #expect(fetched.body == image)
        await alice.agent.stop()
    }
}
