import Foundation
import PontoonMatrix
import PontoonTestSupport
import Testing

/// The bridge core end to end: real Synapse, real matrix-nio users, the real `pontoon-echo` process.
@Suite("Echo bridge end to end", .serialized, RigAvailability.synapseTrait)
struct EchoBridgeTests {
    @Test func managementRoomLoginPortalAndEveryKindOfEventBothWays() async throws {
        let (files, _) = try EchoBridgeProcess.files()
        try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
            let bridge = try await EchoBridgeProcess(files: files)
            defer { Task { await bridge.stop() } }
            let alice = try await BridgeUser.login("alice", on: rig)
            let ghost = BridgeUser.echoGhost
            let aliceGhost = try UserID(validating: "@echo_alice:localhost")

            // The management room: no prefix, formatted answers, unknown commands explained.
            let management = try await alice.openManagementRoom()
            let help = try await alice.command("help", in: management, expecting: "Commands you can use here")
            #expect(help["content"]?["formatted_body"]?.stringValue?.contains("<code>login") == true)
            #expect(help["content"]?["msgtype"]?.stringValue == "m.notice")
            try await alice.command("frobnicate", in: management, expecting: "Unknown command `frobnicate`")
            try await alice.command("version", in: management, expecting: "Echo** bridge `0.2.0`")

            // A wrong password is an error the user sees; the login then completes.
            try await alice.command("login", in: management, expecting: "Send your **name**")
            try await alice.command("alice", in: management, expecting: "Send your **password**")
            try await alice.command("wrong", in: management, expecting: "Wrong password")
            let portal = try await alice.logIn(as: "alice", managementRoom: management)
            try await alice.command("ping", in: management, expecting: "connected")
            // A command the network adds itself.
            try await alice.command("shout from the network", in: management, expecting: "shouts it")
            _ = try await alice.waitEvent(in: portal, sender: ghost, body: "from the network")
            let portalState = try await alice.agent.call("state", ["room": .string(portal.rawValue)]).arrayValue ?? []
            #expect(portalState.contains { $0["type"]?.stringValue == "m.bridge" })
            #expect(portalState.contains { $0["type"]?.stringValue == "uk.half-shot.bridge" })

            // Matrix → network → Matrix: the echo user answers, its answer is a ghost message.
            let hello = try await alice.agent.sendText("hello world", to: portal)
            let (echo, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "hello world")
            let echoID = try EventID(validating: echo["event_id"]?.stringValue ?? "")

            // An edit on Matrix reaches the network, which edits its echo to match.
            _ = try await alice.send(["msgtype": "m.text", "body": "* hello edited",
                                      "m.new_content": ["msgtype": "m.text", "body": "hello edited"],
                                      "m.relates_to": ["rel_type": "m.replace", "event_id": .string(hello.rawValue)]], to: portal)
            let (echoEdit, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "* hello edited")
            #expect(echoEdit["content"]?["m.relates_to"]?["event_id"]?.stringValue == echoID.rawValue)
            #expect(echoEdit["content"]?["m.new_content"]?["body"]?.stringValue == "hello edited")

            // A network-side edit: `edit` makes the echo user edit its last message.
            try await alice.agent.sendText("edit", to: portal)
            let (remoteEdit, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "* (edited)")
            #expect(remoteEdit["content"]?["m.relates_to"]?["rel_type"]?.stringValue == "m.replace")

            // A reply on Matrix is a reply on the network, and the echo replies to the same message.
            _ = try await alice.send(["msgtype": "m.text", "body": "a reply",
                                      "m.relates_to": ["m.in_reply_to": ["event_id": .string(echoID.rawValue)]]], to: portal)
            let (replyEcho, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "a reply")
            #expect(replyEcho["content"]?["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.stringValue == echoID.rawValue)

            // Reactions both ways: Alice's reaction is mirrored by the echo user on the same message;
            // `react` makes the echo user react to Alice's message.
            _ = try await alice.send(["m.relates_to": ["rel_type": "m.annotation", "event_id": .string(echoID.rawValue), "key": "🎉"]],
                                     to: portal, type: "m.reaction")
            let (mirrored, afterMirror) = try await alice.waitEvent(in: portal, type: "m.reaction", sender: ghost)
            #expect(mirrored["content"]?["m.relates_to"]?["key"]?.stringValue == "🎉")
            #expect(mirrored["content"]?["m.relates_to"]?["event_id"]?.stringValue == echoID.rawValue)
            let react = try await alice.agent.sendText("react", to: portal)
            let (thumbs, _) = try await alice.waitEvent(in: portal, type: "m.reaction", sender: ghost, after: afterMirror)
            #expect(thumbs["content"]?["m.relates_to"]?["key"]?.stringValue == "👍")
            #expect(thumbs["content"]?["m.relates_to"]?["event_id"]?.stringValue == react.rawValue)

            // Redactions both ways: deleting "hello world" deletes its echo; `delete` deletes the echo user's last message.
            _ = try await alice.agent.call("redact", ["room": .string(portal.rawValue), "event_id": .string(hello.rawValue)])
            let (redaction, afterRedaction) = try await alice.waitEvent(in: portal, type: "m.room.redaction", sender: ghost)
            #expect(redaction["redacts"]?.stringValue == echoID.rawValue || redaction["content"]?["redacts"]?.stringValue == echoID.rawValue)
            try await alice.agent.sendText("one more", to: portal)
            let (oneMore, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "one more")
            try await alice.agent.sendText("delete", to: portal)
            let (secondRedaction, _) = try await alice.waitEvent(in: portal, type: "m.room.redaction", sender: ghost, after: afterRedaction)
            let redacted = secondRedaction["redacts"]?.stringValue ?? secondRedaction["content"]?["redacts"]?.stringValue
            // `delete` itself is echoed first? No: it only deletes, so the target is the "one more" echo.
            #expect(redacted == oneMore["event_id"]?.stringValue)

            // Media, room names and members from the network.
            try await alice.agent.sendText("picture", to: portal)
            let (picture, _) = try await alice.waitEvent(in: portal, sender: ghost, body: "echo.svg")
            #expect(picture["content"]?["msgtype"]?.stringValue == "m.image")
            #expect(picture["content"]?["url"]?.stringValue?.hasPrefix("mxc://") == true)
            try await alice.agent.sendText("rename Echo Room", to: portal)
            let (renamed, _) = try await alice.waitEvent(in: portal, type: "m.room.name", sender: BridgeUser.bot)
            #expect(renamed["content"]?["name"]?.stringValue == "Echo Room")
            try await alice.agent.sendText("nick Echo Prime", to: portal)
            #expect(try await alice.waitForState(in: portal, type: "m.room.member", stateKey: ghost.rawValue) {
                $0["displayname"]?.stringValue == "Echo Prime"
            }, "the ghost's display name follows the network")
            try await alice.agent.sendText("invite carl", to: portal)
            _ = try await alice.waitEvent(in: portal, type: "m.room.member", sender: try UserID(validating: "@echo_carl:localhost"))

            // The network reports Alice's own messages back (echo-message); none is bridged twice.
            let timeline = try await alice.agent.messages(in: portal, limit: 200)
            #expect(!timeline.contains { $0["sender"]?.stringValue == aliceGhost.rawValue })
            #expect(timeline.filter { $0["content"]?["body"]?.stringValue == "a reply" && $0["sender"]?.stringValue == alice.id.rawValue }.count == 1)

            // A failed send is explained in the room, as a notice replying to the message.
            try await alice.command("logout alice", in: management, expecting: "Logged out")
            let orphan = try await alice.agent.sendText("nobody carries this", to: portal)
            let (failure, _) = try await alice.waitEvent(in: portal, sender: BridgeUser.bot, body: "Not delivered")
            #expect(failure["content"]?["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.stringValue == orphan.rawValue)
            await alice.agent.stop()
        }
    }

    @Test func relayCarriesUsersWithoutLoginAndBlockedUsersGetNothingBridged() async throws {
        let (files, _) = try EchoBridgeProcess.files()
        try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
            let bridge = try await EchoBridgeProcess(files: files)
            defer { Task { await bridge.stop() } }
            let alice = try await BridgeUser.login("alice", on: rig)
            let bob = try await BridgeUser.login("bob", on: rig)
            let blocked = try await BridgeUser.login("blocked", on: rig)
            let management = try await alice.openManagementRoom()
            _ = try await alice.logIn(as: "alice", managementRoom: management)

            // A group chat, opened from the management room.
            try await alice.command("start-chat #lobby", in: management, expecting: "The chat is open")
            let lobby = try await alice.agent.waitForInvite(from: BridgeUser.bot, timeout: 30)
            try await alice.agent.join(lobby.rawValue)

            // Without a relay, Bob's message is refused with a notice.
            try await alice.agent.invite(bob.id, to: lobby)
            _ = try await bob.agent.waitForInvite(from: alice.id)
            try await bob.agent.join(lobby.rawValue)
            try await bob.agent.sendText("before the relay", to: lobby)
            _ = try await bob.waitEvent(in: lobby, sender: BridgeUser.bot, body: "no relay")

            try await alice.command("!echo set-relay", in: lobby, expecting: "relayed through **alice**")
            try await bob.agent.sendText("hi from bob", to: lobby)
            _ = try await bob.waitEvent(in: lobby, sender: BridgeUser.echoGhost, body: "bob: hi from bob")

            // Bob logs in with the code flow (show a code, the network confirms it): a login of his own.
            let bobManagement = try await bob.openManagementRoom()
            try await bob.command("login code", in: bobManagement, expecting: "Enter this code")
            _ = try await bob.waitEvent(in: bobManagement, sender: BridgeUser.bot, body: "Logged in as **code")

            // A blocked user: nothing bridged, no answer at all.
            try await alice.agent.invite(blocked.id, to: lobby)
            _ = try await blocked.agent.waitForInvite(from: alice.id)
            try await blocked.agent.join(lobby.rawValue)
            try await blocked.agent.sendText("blocked text", to: lobby)
            try await blocked.agent.sendText("!echo help", to: lobby)
            try await alice.agent.sendText("after the blocked user", to: lobby)
            _ = try await alice.waitEvent(in: lobby, sender: BridgeUser.echoGhost, body: "after the blocked user")
            let timeline = try await alice.agent.messages(in: lobby, limit: 200)
            #expect(!timeline.contains { ($0["content"]?["body"]?.stringValue ?? "").contains("blocked text") && $0["sender"]?.stringValue != blocked.id.rawValue })
            #expect(!timeline.contains { $0["sender"]?.stringValue == BridgeUser.bot.rawValue && ($0["content"]?["body"]?.stringValue ?? "").contains("Commands you can use") })
            await alice.agent.stop()
            await bob.agent.stop()
            await blocked.agent.stop()
        }
    }

    @Test func adminsPlumbUnbridgeAndDeletePortals() async throws {
        let (files, _) = try EchoBridgeProcess.files()
        try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
            let bridge = try await EchoBridgeProcess(files: files)
            defer { Task { await bridge.stop() } }
            let admin = try await BridgeUser.login("admin", on: rig)
            let alice = try await BridgeUser.login("alice", on: rig)
            let management = try await admin.openManagementRoom()
            let dmPortal = try await admin.logIn(as: "admin", managementRoom: management)

            // An existing room, plumbed to a remote group chat.
            let room = try await admin.agent.createRoom(name: "Plumbed", invite: [BridgeUser.bot])
            _ = try await admin.waitEvent(in: room, type: "m.room.member", sender: BridgeUser.bot)
            try await admin.command("!echo bridge #plumbed", in: room, expecting: "now bridged to `#plumbed`")
            try await admin.agent.sendText("through the plumbing", to: room)
            _ = try await admin.waitEvent(in: room, sender: BridgeUser.echoGhost, body: "through the plumbing")

            // Users below admin can't; unbridging stops the bridging but keeps the room.
            try await admin.agent.invite(alice.id, to: room)
            _ = try await alice.agent.waitForInvite(from: admin.id)
            try await alice.agent.join(room.rawValue)
            try await alice.command("!echo unbridge", in: room, expecting: "needs the `admin` permission level")
            try await admin.command("!echo unbridge", in: room, expecting: "no longer bridged")
            try await admin.agent.sendText("not any more", to: room)
            try await admin.agent.sendText("marker", to: dmPortal)
            _ = try await admin.waitEvent(in: dmPortal, sender: BridgeUser.echoGhost, body: "marker")
            let plumbed = try await admin.agent.messages(in: room, limit: 100)
            #expect(!plumbed.contains { $0["sender"]?.stringValue == BridgeUser.echoGhost.rawValue
                && $0["content"]?["body"]?.stringValue == "not any more" })

            // Deleting a portal removes the user from it.
            try await admin.command("!echo delete-portal", in: dmPortal, expecting: "Deleting this portal")
            #expect(try await Self.waitUntilRemoved(admin, from: dmPortal), "the user was removed from the deleted portal")
            await admin.agent.stop()
            await alice.agent.stop()
        }
    }

    /// Polls the room's history for `user`'s leave event, for up to 20 seconds.
    private static func waitUntilRemoved(_ user: BridgeUser, from room: RoomID) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(20)
        while ContinuousClock.now < deadline {
            let events = (try? await user.agent.messages(in: room, limit: 50)) ?? []
            if events.contains(where: { isLeave($0, of: user.id) }) { return true }
            try await Task.sleep(for: .milliseconds(500))
        }
        return false
    }

    private static func isLeave(_ event: JSONValue, of user: UserID) -> Bool {
        event["type"]?.stringValue == "m.room.member" && event["state_key"]?.stringValue == user.rawValue
            && event["content"]?["membership"]?.stringValue == "leave"
    }

    @Test func doublePuppetingShowsNativeMessagesAsTheRealUser() async throws {
        var doublePuppet: DoublePuppetRegistration?
        let (files, extra) = try EchoBridgeProcess.files { directory in
            doublePuppet = try DoublePuppetRegistration.write(in: directory)
            return doublePuppet?.asToken
        }
        try await withSynapse(registration: files.registration, extraRegistrations: [extra!], port: files.synapsePort) { rig in
            let bridge = try await EchoBridgeProcess(files: files)
            defer { Task { await bridge.stop() } }
            let alice = try await BridgeUser.login("alice", on: rig)
            let management = try await alice.openManagementRoom()
            // With double puppeting, Alice's account joins the portal by itself.
            let portal = try await alice.logIn(as: "alice", managementRoom: management, autoJoined: true)
            try await alice.agent.sendText("mirror sent from my phone", to: portal)
            let (_, afterMirror) = try await alice.waitEvent(in: portal, sender: alice.id, body: "mirror sent from my phone")
            let (native, _) = try await alice.waitEvent(in: portal, sender: alice.id, body: "sent from my phone", after: afterMirror)
            #expect(native["content"]?["body"]?.stringValue == "sent from my phone")
            #expect(native["content"]?["fi.mau.double_puppet_source"] != nil)
            // It is not bridged back to the network as a new message from Matrix.
            try await alice.agent.sendText("marker", to: portal)
            _ = try await alice.waitEvent(in: portal, sender: BridgeUser.echoGhost, body: "marker")
            let texts = bridge.remoteHistory.compactMap { $0["text"]?.stringValue }
            #expect(texts.filter { $0 == "sent from my phone" }.count == 1)
            #expect(!texts.contains("mirror sent from my phone") || texts.filter { $0.hasPrefix("mirror") }.count == 1)
            await alice.agent.stop()
        }
    }
}
