import AsyncHTTPClient
import Foundation
import NIOCore
import Pontoon
import PontoonMatrix
import PontoonTestSupport
import Testing

/// The Matrix side against a real Synapse 1.163 and a real matrix-nio user. Serialized: each
/// test starts its own Synapse, and two at once would only fight over the machine's two cores.
@Suite("Appservice against a real Synapse", .serialized, RigAvailability.synapseTrait)
struct SynapseAppserviceTests {
    @Test func ghostCreatesRoomInvitesUserAndTheUsersMessageArrivesDecoded() async throws {
        try await withEchoRig { files, rig in
            let bridge = try await RunningBridge.start(files: files)
            defer { Task { await bridge.stop() } }
            let user = try NioAgent()
            let alice = try await user.login(homeserver: rig.url, username: "alice")
            let ghost = bridge.homeserver.intent(for: try UserID(localpart: "echo_bob", server: "localhost"))
            try await ghost.ensureRegistered()
            try await ghost.ensureRegistered() // M_USER_IN_USE the second time counts as success
            try await ghost.setDisplayName("Bob (Echo)")
            #expect(try await ghost.getProfile(of: ghost.userID).displayName == "Bob (Echo)")

            // Synapse 1.163 creates version 12 rooms: IDs without a server part.
            let room = try await ghost.createRoom(CreateRoomRequest(name: "Echo chat", invite: [alice], isDirect: true, preset: .privateChat))
            #expect(room.server == nil)
            let invited = try await user.waitForInvite(from: ghost.userID)
            #expect(invited == room)
            try await user.join(room.rawValue)
            let sent = try await user.sendText("hello from nio", to: room)

            let received = try await bridge.handlers.waitForEvent { $0.eventID == sent }
            #expect(received.sender == alice)
            #expect(received.roomID == room)
            guard case .message(let content) = received.typedContent else {
                Issue.record("expected a message, got \(received.typedContent)")
                return
            }
            #expect(content.body == "hello from nio")

            // And back: the ghost answers with a massaged timestamp; nio sees it as sent by the ghost.
            let past: Int64 = 1_600_000_000_000
            _ = try await ghost.sendMessageEvent(to: room, type: "m.room.message", content: ["msgtype": "m.text", "body": "hi alice"], timestamp: past)
            let answer = try await user.waitForEvent(in: room, type: "m.room.message", sender: ghost.userID, bodyContains: "hi alice")
            #expect(answer["origin_server_ts"]?.intValue == past)
            await user.stop()
        }
    }

    @Test func generatedTransactionIDsDoNotCollideAcrossGhosts() async throws {
        try await withEchoRig { files, rig in
            let bridge = try await RunningBridge.start(files: files)
            defer { Task { await bridge.stop() } }
            let first = bridge.homeserver.intent(for: try UserID(localpart: "echo_one", server: "localhost"))
            let second = bridge.homeserver.intent(for: try UserID(localpart: "echo_two", server: "localhost"))
            try await first.ensureRegistered()
            try await second.ensureRegistered()
            // The bot listed in its own power-level override would be refused on room version 12.
            let room = try await bridge.homeserver.bot.createRoom(CreateRoomRequest(
                invite: [first.userID, second.userID], preset: .publicChat,
                powerLevelContentOverride: ["users": .object([bridge.homeserver.botUserID.rawValue: 100, first.userID.rawValue: 50])]))
            let levels = try await bridge.homeserver.bot.getStateEvent(in: room, type: "m.room.power_levels", stateKey: "")
            #expect(levels?["users"]?[first.userID.rawValue] == 50)
            #expect(levels?["users"]?[bridge.homeserver.botUserID.rawValue] == nil)
            _ = try await first.join(room.rawValue)
            _ = try await second.join(room.rawValue)
            var eventIDs: Set<EventID> = []
            for index in 0..<10 {
                let ghost = index.isMultiple(of: 2) ? first : second
                eventIDs.insert(try await ghost.sendMessageEvent(to: room, type: "m.room.message", content: ["msgtype": "m.text", "body": .string("m\(index)")]))
            }
            #expect(eventIDs.count == 10)
            // A caller-chosen transaction ID retried after a crash gets the same event back.
            let deterministic = "echo.remote-msg-1"
            let once = try await first.sendMessageEvent(to: room, type: "m.room.message", content: ["msgtype": "m.text", "body": "once"], transactionID: deterministic)
            let again = try await first.sendMessageEvent(to: room, type: "m.room.message", content: ["msgtype": "m.text", "body": "once"], transactionID: deterministic)
            #expect(once == again)
        }
    }

    @Test func homeserverQueriesCreateGhostsAndAliasedRoomsOnDemand() async throws {
        try await withEchoRig { files, rig in
            let bridge = try await RunningBridge.start(files: files)
            defer { Task { await bridge.stop() } }
            let user = try NioAgent()
            _ = try await user.login(homeserver: rig.url, username: "carol")
            // Joining an unknown alias in the bridge's namespace makes Synapse ask the bridge.
            let lobby = try await user.join("#echo_lobby:localhost")
            #expect(lobby.rawValue.hasPrefix("!"))
            // Inviting an unregistered ghost makes Synapse ask the bridge, which registers it.
            let room = try await user.call("create_room", ["name": "with a ghost"]).stringValue ?? ""
            // Synapse accepts the invite at once and asks the bridge about the ghost when it pushes
            // the invite to the bridge, so the registration follows shortly after.
            try await user.call("invite", ["room": .string(room), "user": "@echo_newbie:localhost"])
            let newbie = try UserID(localpart: "echo_newbie", server: "localhost")
            var profile: Profile?
            let deadline = ContinuousClock.now + .seconds(15)
            while profile == nil, ContinuousClock.now < deadline {
                profile = try? await bridge.homeserver.bot.getProfile(of: newbie)
                if profile == nil { try await Task.sleep(for: .milliseconds(100)) }
            }
            #expect(profile?.displayName == "echo_newbie")
            await user.stop()
        }
    }

    @Test func mediaUploadsAndDownloadsWithAuthentication() async throws {
        try await withEchoRig { files, _ in
            let bridge = try await RunningBridge.start(files: files)
            defer { Task { await bridge.stop() } }
            let ghost = bridge.homeserver.intent(for: try UserID(localpart: "echo_media", server: "localhost"))
            try await ghost.ensureRegistered()
            let bytes = Data((0..<70_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
            let mxc = try await ghost.upload(bytes, contentType: "application/octet-stream", filename: "blob.bin")
            #expect(mxc.server == "localhost")
            let downloaded = try await bridge.homeserver.bot.download(mxc, maxBytes: 1_000_000)
            #expect(Data(buffer: downloaded.body) == bytes)
            #expect(downloaded.filename == "blob.bin")
        }
    }

    @Test func replayOfAnAlreadyHandledTransactionDoesNothing() async throws {
        try await withEchoRig { files, rig in
            var bridge = try await RunningBridge.start(files: files)
            let user = try NioAgent()
            _ = try await user.login(homeserver: rig.url, username: "dave")
            let room = try RoomID(validating: try await user.call("create_room", ["name": "replay"]).stringValue ?? "")
            // The homeserver sends the bridge only events of rooms its users are in.
            try await user.call("invite", ["room": .string(room.rawValue), "user": .string(bridge.homeserver.botUserID.rawValue)])
            _ = try await bridge.homeserver.bot.join(room.rawValue)
            let first = try await user.sendText("only once", to: room)
            _ = try await bridge.handlers.waitForEvent { $0.eventID == first }

            // Synapse numbers transactions from 1, and the first one has been sent by now: replay it by
            // hand (with forged content), before and after a restart. Only an ID Synapse already used
            // is safe to forge: the bridge would otherwise take Synapse's later transaction for a replay.
            let hsToken = bridge.config.appservice.hsToken
            let replay = { @Sendable () async throws in
                for txnID in [1] {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(files.appservicePort)/_matrix/app/v1/transactions/\(txnID)")
                    request.method = .PUT
                    request.headers.add(name: "Authorization", value: "Bearer \(hsToken)")
                    request.body = .bytes(ByteBuffer(string: #"{"events":[{"type":"m.room.message","event_id":"$forged","room_id":"!x:localhost","sender":"@dave:localhost","content":{"msgtype":"m.text","body":"forged"}}]}"#))
                    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                    #expect(response.status == .ok)
                }
            }
            try await replay()
            await bridge.stop()
            let handlers = ObservingHandlers()
            bridge = try await RunningBridge.start(files: files, handlers: handlers)
            try await replay()
            let second = try await user.sendText("after restart", to: room)
            _ = try await handlers.waitForEvent { $0.eventID == second }
            #expect(!handlers.events.contains { $0.eventID == first })
            #expect(!handlers.events.contains { $0.eventID == "$forged" })
            await bridge.stop()
            await user.stop()
        }
    }

    @Test func executableStartsChecksAndStopsOnSIGTERM() async throws {
        try await withEchoRig { files, _ in
            let binary = try RepositoryPaths.executable("pontoon-echo")
            try YAMLLineEditor.set("logging.level", to: "info", in: try String(contentsOf: files.config, encoding: .utf8))
                .write(to: files.config, atomically: true, encoding: .utf8)
            let process = try ChildProcess(executable: binary, arguments: ["-c", files.config.path],
                                           stderrTo: files.directory.appendingPathComponent("bridge.log"))
            let log = files.directory.appendingPathComponent("bridge.log")
            let deadline = ContinuousClock.now + .seconds(30)
            var started = false
            while ContinuousClock.now < deadline, !started {
                try await Task.sleep(for: .milliseconds(100))
                started = ((try? String(contentsOf: log, encoding: .utf8)) ?? "").contains("Bridge started")
            }
            #expect(started, "log: \((try? String(contentsOf: log, encoding: .utf8)) ?? "")")
            kill(process.pid, SIGTERM)
            let stopDeadline = ContinuousClock.now + .seconds(15)
            while process.isRunning, ContinuousClock.now < stopDeadline { try await Task.sleep(for: .milliseconds(50)) }
            #expect(!process.isRunning)
            await process.stop()
        }
    }

    @Test func wrongTokenIsReportedInOneActionableLine() async throws {
        let files = try BridgeFiles.generate(executable: "pontoon-echo")
        try await withSynapse(registration: files.registration, port: files.synapsePort) { _ in
            // The registration Synapse loaded no longer matches the config: as if -g ran again after install.
            var text = try String(contentsOf: files.config, encoding: .utf8)
            text = try YAMLLineEditor.set("appservice.as_token", to: "not-the-installed-token", in: text)
            try text.write(to: files.config, atomically: true, encoding: .utf8)
            let binary = try RepositoryPaths.executable("pontoon-echo")
            do {
                try BridgeFiles.run(binary, ["-c", files.config.path])
                Issue.record("the bridge started with a token the homeserver does not know")
            } catch {
                let output = "\(error)"
                #expect(output.contains("app_service_config_files"))
                #expect(!output.contains("not-the-installed-token"))
            }
        }
    }
}
