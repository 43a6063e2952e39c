import Foundation
import PontoonMatrix
import PontoonTestSupport
import PontoonIRC
import Testing

/// Reads tags off a raw line with the bridge's own parser (the raw client keeps lines as text).
enum IRCMessageParsing {
    static func tags(of line: String) throws -> [String: String] { try IRCMessage(parsing: line).tags }
}

/// `pontoon-irc` end to end: real Synapse, real matrix-nio users, real IRC servers (ngircd without
/// IRCv3, InspIRCd with it) and raw-socket IRC users on the other side.
@Suite("IRC bridge end to end", .serialized, RigAvailability.ircTrait)
struct IRCBridgeTests {
    @Test(arguments: IRCServerRig.Kind.allCases)
    func puppetChannelMessagesBothWaysWithFormattingPMsAndNickChanges(_ kind: IRCServerRig.Kind) async throws {
        try await IRCBridgeHarness.run(kind, Self.puppetFlow)
    }

    private static func puppetFlow(_ harness: IRCBridgeHarness) async throws {
        let bob = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob")
        defer { Task { await bob.close() } }
        try await bob.send("JOIN #room")
        _ = try await bob.waitForLine { $0.contains("JOIN") && $0.contains("#room") }

        let (alice, management) = try await harness.loggedInUser("alice", nick: "alice_m")
        try await alice.command("join #nope,#x", in: management, expecting: "not a channel name")
        let portal = try await harness.join(alice, "#room", management: management)
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_m!") && $0.contains("JOIN") }

        // bob created the channel, so he is its operator: his ghost gets moderator power.
        let bobGhost = IRCBridgeHarness.ghost("bob").rawValue
        #expect(try await alice.waitForState(in: portal, type: "m.room.power_levels") { $0["users"]?[bobGhost]?.intValue == 50 })

        // IRC → Matrix, with mIRC formatting turned into HTML.
        try await bob.send("PRIVMSG #room :hello \u{2}bold\u{2} world")
        let (hello, next) = try await alice.waitEvent(in: portal, sender: IRCBridgeHarness.ghost("bob"), body: "hello bold world")
        #expect(hello["content"]?["formatted_body"]?.stringValue == "hello <b>bold</b> world")

        // Matrix → IRC, with HTML turned into mIRC codes.
        _ = try await alice.send(["msgtype": "m.text", "body": "hi there", "format": "org.matrix.custom.html",
                                  "formatted_body": "hi <i>there</i>"], to: portal)
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_m!") && $0.hasSuffix("PRIVMSG #room :hi \u{1D}there\u{1D}") }

        // An emote both ways.
        try await bob.send("PRIVMSG #room :\u{1}ACTION waves\u{1}")
        let (wave, _) = try await alice.waitEvent(in: portal, sender: IRCBridgeHarness.ghost("bob"), body: "waves", after: next)
        #expect(wave["content"]?["msgtype"]?.stringValue == "m.emote")
        _ = try await alice.send(["msgtype": "m.emote", "body": "waves back"], to: portal)
        _ = try await bob.waitForLine { $0.hasSuffix("PRIVMSG #room :\u{1}ACTION waves back\u{1}") }

        // Nothing typed on Matrix becomes an IRC command: a newline starts a new PRIVMSG, not QUIT.
        _ = try await alice.agent.sendText("first\r\nQUIT :pwned\u{0}\nJOIN #evil", to: portal)
        _ = try await bob.waitForLine { $0.hasSuffix("PRIVMSG #room :JOIN #evil") }
        #expect(bob.lines.contains { $0.hasSuffix("PRIVMSG #room :QUIT :pwned") })
        #expect(!bob.lines.contains { $0.hasPrefix(":alice_m!") && $0.contains(" QUIT ") })

        // Topics both ways. bob's TOPIC becomes the room's; alice's room topic becomes a TOPIC line.
        try await bob.send("MODE #room -t")
        try await bob.send("TOPIC #room :set on irc")
        #expect(try await alice.waitForState(in: portal, type: "m.room.topic") { $0["topic"]?.stringValue == "set on irc" })
        try await alice.agent.setState(in: portal, type: "m.room.topic", content: ["topic": "set on matrix\r\nQUIT :no"])
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_m!") && $0.hasSuffix("TOPIC #room :set on matrix QUIT :no") }
        // With +t only operators may: the refusal is told to alice and the room gets its topic back.
        try await bob.send("MODE #room +t")
        _ = try await bob.waitForLine { $0.contains("MODE #room") && $0.contains("+t") }
        try await alice.agent.setState(in: portal, type: "m.room.topic", content: ["topic": "not allowed"])
        _ = try await alice.waitEvent(in: portal, sender: IRCBridgeHarness.bot, body: "refused the topic of #room")
        #expect(try await alice.waitForState(in: portal, type: "m.room.topic") { $0["topic"]?.stringValue == "set on matrix\r\nQUIT :no" })

        // Modes follow: bob gives himself voice and drops operator.
        try await bob.send("MODE #room +v-o bob bob")
        #expect(try await alice.waitForState(in: portal, type: "m.room.power_levels") { $0["users"]?[bobGhost]?.intValue == 10 })

        // Past max_lines_per_message (4 here) the rest is left out, and IRC is told so.
        _ = try await alice.agent.sendText("l1\nl2\nl3\nl4\nl5\nl6", to: portal)
        _ = try await bob.waitForLine { $0.hasSuffix("PRIVMSG #room :(2 more lines not sent: the message is too long for IRC)") }
        #expect(bob.lines.contains { $0.hasSuffix("PRIVMSG #room l4") || $0.hasSuffix("PRIVMSG #room :l4") })
        #expect(!bob.lines.contains { $0.hasSuffix("l5") })

        // A private message opens a DM portal; the answer goes back as a PM.
        try await bob.send("PRIVMSG alice_m :psst")
        let dm = try await alice.agent.waitForInvite(from: IRCBridgeHarness.bot, timeout: 30)
        try await alice.agent.join(dm.rawValue)
        _ = try await alice.waitEvent(in: dm, sender: IRCBridgeHarness.ghost("bob"), body: "psst")
        _ = try await alice.agent.sendText("what?", to: dm)
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_m!") && $0.hasSuffix("PRIVMSG bob :what?") }

        // A nick change: the old ghost leaves, the new one (named after the new nick) speaks.
        try await bob.send("NICK bobby")
        try await bob.send("PRIVMSG #room :new name")
        _ = try await alice.waitEvent(in: portal, sender: IRCBridgeHarness.ghost("bobby"), body: "new name")
        let oldGhost = IRCBridgeHarness.ghost("bob").rawValue
        #expect(try await alice.waitForState(in: portal, type: "m.room.member", stateKey: oldGhost) {
            $0["membership"]?.stringValue == "leave"
        })

        // The user's own nick change, by command.
        try await alice.command("nick alice_new", in: management, expecting: "now alice_new")
        // It is the login's nick from now on, also for the next start.
        try await alice.command("logins", in: management, expecting: "alice_new on test")
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_m!") && $0.contains("NICK") && $0.contains("alice_new") }

        // Leaving the portal room parts the channel.
        try await alice.agent.leave(portal)
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_new!") && $0.contains("PART #room") }
    }

    @Test func relayCarriesMatrixUsersWithoutALoginIntoTheChannel() async throws {
        try await IRCBridgeHarness.run(.ngircd, Self.relayFlow)
    }

    private static func relayFlow(_ harness: IRCBridgeHarness) async throws {
        let bob = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob")
        defer { Task { await bob.close() } }
        try await bob.send("JOIN #lobby")
        let (alice, management) = try await harness.loggedInUser("alice", nick: "relaybot")
        let portal = try await harness.join(alice, "#lobby", management: management)
        try await alice.command("!irc set-relay", in: portal, expecting: "relay")

        let carol = try await BridgeUser.login("carol", on: harness.rig, bot: IRCBridgeHarness.bot)
        try await alice.agent.invite(carol.id, to: portal)
        _ = try await carol.agent.waitForInvite(timeout: 30)
        try await carol.agent.join(portal.rawValue)
        _ = try await carol.agent.sendText("hello from carol", to: portal)
        _ = try await bob.waitForLine { $0.hasPrefix(":relaybot!") && $0.contains("PRIVMSG #lobby :") && $0.hasSuffix("hello from carol") && $0.contains("carol") }

        // A PM to a nick that is not on the server is answered in its room, not lost without a word.
        try await alice.command("start-chat nobody", in: management, expecting: "The chat is open")
        let dm = try await alice.agent.waitForInvite(from: IRCBridgeHarness.bot, timeout: 30)
        try await alice.agent.join(dm.rawValue)
        _ = try await alice.agent.sendText("anyone there?", to: dm)
        _ = try await alice.waitEvent(in: dm, sender: IRCBridgeHarness.bot, body: "nobody is not on test right now")

        // bob (the channel's operator) kicks the relay's connection: the room is told by the bot.
        try await bob.send("KICK #lobby relaybot :enough")
        _ = try await alice.waitEvent(in: portal, sender: IRCBridgeHarness.bot, body: "bob kicked you from #lobby: enough")
    }

    @Test func aRoomAliasOpensAChannelPortalAndJoiningItJoinsTheChannel() async throws {
        try await IRCBridgeHarness.run(.ngircd, Self.aliasFlow)
    }

    private static func aliasFlow(_ harness: IRCBridgeHarness) async throws {
        let bob = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob")
        defer { Task { await bob.close() } }
        try await bob.send("JOIN #aliased")
        let (alice, management) = try await harness.loggedInUser("alice", nick: "alice_m")
        let room = try await alice.agent.join("#irc_test_#aliased:localhost")
        _ = try await bob.waitForLine { $0.hasPrefix(":alice_m!") && $0.contains("JOIN") && $0.contains("#aliased") }
        try await bob.send("PRIVMSG #aliased :found you")
        _ = try await alice.waitEvent(in: room, sender: IRCBridgeHarness.ghost("bob"), body: "found you")
        // An alias for a server the bridge doesn't know names nothing.
        await #expect(throws: (any Error).self) { try await alice.agent.join("#irc_nowhere_#x:localhost") }

        // Join refusals are answered with the reason: a key, invite-only, a ban.
        try await bob.send("JOIN #locked")
        try await bob.send("MODE #locked +k sesame")
        try await bob.send("JOIN #vip")
        try await bob.send("MODE #vip +i")
        try await bob.send("JOIN #banned")
        try await bob.send("MODE #banned +b alice_m!*@*")
        _ = try await bob.waitForLine { $0.contains("MODE #banned") && $0.contains("+b") }
        try await alice.command("join #locked", in: management, expecting: "it needs the right key")
        try await alice.command("join #vip", in: management, expecting: "the channel is invite-only")
        try await alice.command("join #banned", in: management, expecting: "you are banned from it")
        try await alice.command("join #locked sesame", in: management, expecting: "Joined #locked")
    }

    @Test func filesAndLongMessagesReachIRCAsLinksAnyoneCanOpen() async throws {
        try await IRCBridgeHarness.run(.ngircd, publicMedia: true, Self.publicLinkFlow)
    }

    private static func publicLinkFlow(_ harness: IRCBridgeHarness) async throws {
        let bob = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob")
        defer { Task { await bob.close() } }
        try await bob.send("JOIN #files")
        let (alice, management) = try await harness.loggedInUser("alice", nick: "alice_m")
        let portal = try await harness.join(alice, "#files", management: management)

        // A file: IRC gets a link to the bridge, which serves it without any Matrix login.
        let bytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        let mxc = try await alice.agent.upload(bytes, contentType: "image/png", fileName: "cat picture.png")
        _ = try await alice.agent.send(to: portal, content: [
            "msgtype": "m.image", "body": "cat picture.png", "url": .string(mxc),
            "info": ["mimetype": "image/png", "size": .int(Int64(bytes.count))],
        ])
        let line = try await bob.waitForLine { $0.hasPrefix(":alice_m!") && $0.contains("cat picture.png (image, 2 KiB): http://") }
        let url = try #require(line.split(separator: " ").last.map(String.init))
        let file = try await PublicLinkFetch.get(url)
        #expect(file.status == 200)
        #expect(file.body == bytes)
        #expect(file.headers["content-type"] == "image/png")
        #expect(file.headers["x-content-type-options"] == "nosniff")
        // Another file's link can't be made from this one: the signature covers the media ID.
        let forged = url.replacingOccurrences(of: String(mxc.split(separator: "/").last ?? ""), with: "AAAAAAAAAAAAAAAAAAAAAAAA")
        #expect(try await PublicLinkFetch.get(forged).status == 404)
        let renamed = url.replacingOccurrences(of: "cat%20picture.png", with: "invoice.exe")
        #expect(try await PublicLinkFetch.get(renamed).status == 404)

        // Past max_lines_per_message (4) the message goes out as its first lines and a link to all of it.
        let long = (1...6).map { "line \($0)" }.joined(separator: "\n")
        _ = try await alice.agent.sendText(long, to: portal)
        let summary = try await bob.waitForLine { $0.contains("(3 more lines, the whole message: http://") }
        #expect(bob.lines.contains { $0.hasSuffix("PRIVMSG #files :line 3") })
        #expect(!bob.lines.contains { $0.hasSuffix("PRIVMSG #files :line 4") })
        let textURL = try #require(summary.split(separator: " ").last.map { String($0.dropLast()) })
        let text = try await PublicLinkFetch.get(textURL)
        #expect(text.status == 200)
        #expect(String(decoding: text.body, as: UTF8.self) == long)
        #expect(text.headers["content-type"] == "text/plain; charset=utf-8")
    }

    @Test func ircv3MessageIDsCarryRepliesAndReactionsBothWays() async throws {
        try await IRCBridgeHarness.run(.inspircd, Self.ircv3Flow)
    }

    private static func ircv3Flow(_ harness: IRCBridgeHarness) async throws {
        let bob = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob", capabilities: ["message-tags", "server-time"])
        defer { Task { await bob.close() } }
        try await bob.send("JOIN #v3")
        let (alice, management) = try await harness.loggedInUser("alice", nick: "alice_m")
        let portal = try await harness.join(alice, "#v3", management: management)
        let ghost = IRCBridgeHarness.ghost("bob")

        // The server's msgid of alice's message is what IRC replies and reactions point at.
        let mine = try await alice.agent.sendText("tag me", to: portal)
        let line = try await bob.waitForLine { $0.contains(":alice_m!") && $0.hasSuffix("PRIVMSG #v3 :tag me") }
        let msgid = try #require(try IRCMessageParsing.tags(of: line)["msgid"])
        try await bob.send("@+draft/react=👍;+draft/reply=\(msgid) TAGMSG #v3")
        let (reaction, _) = try await alice.waitEvent(in: portal, type: "m.reaction", sender: ghost)
        #expect(reaction["content"]?["m.relates_to"]?["event_id"]?.stringValue == mine.rawValue)
        #expect(reaction["content"]?["m.relates_to"]?["key"]?.stringValue == "👍")
        try await bob.send("@+draft/reply=\(msgid) PRIVMSG #v3 :replying")
        let (reply, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "replying")
        #expect(reply["content"]?["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.stringValue == mine.rawValue)

        // And the other way: alice reacts to bob's message.
        try await bob.send("PRIVMSG #v3 :react to me")
        let (bobs, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "react to me")
        let bobsID = bobs["event_id"]?.stringValue ?? ""
        _ = try await alice.send(["m.relates_to": ["rel_type": "m.annotation", "event_id": .string(bobsID), "key": "🎉"]],
                                 to: portal, type: "m.reaction")
        let tagged = try await bob.waitForLine { $0.contains(":alice_m!") && $0.contains(" TAGMSG ") && $0.hasSuffix("#v3") }
        let tags = try IRCMessageParsing.tags(of: tagged)
        #expect(tags["+draft/react"] == "🎉")
        #expect(tags["+draft/reply"]?.isEmpty == false)
    }

    @Test func puppetsReconnectAndRejoinAfterTheServerRestarts() async throws {
        try await IRCBridgeHarness.run(.ngircd, Self.reconnectFlow)
    }

    private static func reconnectFlow(_ harness: IRCBridgeHarness) async throws {
        let (alice, management) = try await harness.loggedInUser("alice", nick: "alice_m")
        let bob = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob")
        try await bob.send("JOIN #room")
        let portal = try await harness.join(alice, "#room", management: management)
        await bob.close()

        await harness.irc.stop()
        try await harness.irc.restart()
        let bob2 = try await RawIRCClient.connect(port: harness.irc.port, nick: "bob")
        defer { Task { await bob2.close() } }
        try await bob2.send("JOIN #room")
        // The puppet comes back by itself (backoff starts at a few seconds) and rejoins #room.
        _ = try await bob2.waitForLine(timeout: .seconds(60)) { $0.hasPrefix(":alice_m!") && $0.contains("JOIN") }
        try await bob2.send("PRIVMSG #room :after the restart")
        _ = try await alice.waitEvent(in: portal, sender: IRCBridgeHarness.ghost("bob"), body: "after the restart")
        _ = try await alice.agent.sendText("still here", to: portal)
        _ = try await bob2.waitForLine { $0.hasSuffix("PRIVMSG #room :still here") }
    }
}
