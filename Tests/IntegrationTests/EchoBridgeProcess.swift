import Foundation
import Glibc
import PontoonMatrix
import PontoonTestSupport

/// A bridge executable (`pontoon-echo` unless told otherwise) as a child process against the rig's
/// Synapse: what an admin runs, and what a test can SIGKILL.
final class EchoBridgeProcess: StoppableRig {
    let files: BridgeFiles
    let process: ChildProcess
    let log: URL
    let executable: String

    /// The echo bridge's files for the end-to-end tests: the test users (``withTestUsers(_:)``) and
    /// the echo network's history next to them.
    static func files(doublePuppetToken: (URL) throws -> String? = { _ in nil }) throws -> (BridgeFiles, URL?) {
        let files = try BridgeFiles.generate(executable: "pontoon-echo")
        var text = try withTestUsers(String(contentsOf: files.config, encoding: .utf8))
        text = try YAMLLineEditor.set("network.state_path", to: files.directory.appendingPathComponent("echo-remote.jsonl").path, in: text)
        var extra: URL?
        if let token = try doublePuppetToken(files.directory) {
            extra = files.directory.appendingPathComponent("doublepuppet.yaml")
            text = try YAMLLineEditor.set("double_puppet.secrets", raw: "{localhost: \"as_token:\(token)\"}", in: text)
        }
        try text.write(to: files.config, atomically: true, encoding: .utf8)
        return (files, extra)
    }

    /// `config` with the users every end-to-end test shares: `@admin` is an admin, `localhost`
    /// users may log in, `@blocked` is blocked, everyone else may use relays (on); debug logs.
    static func withTestUsers(_ config: String) throws -> String {
        var text = try YAMLLineEditor.set("bridge.permissions", raw:
            "{\"*\": relay, \"localhost\": user, \"@admin:localhost\": admin, \"@blocked:localhost\": block}", in: config)
        text = try YAMLLineEditor.set("bridge.relay.enabled", raw: "true", in: text)
        text = try YAMLLineEditor.set("bridge.relay.admin_only", raw: "false", in: text)
        return try YAMLLineEditor.set("logging.level", to: "debug", in: text)
    }

    init(files: BridgeFiles, executable: String = "pontoon-echo") async throws {
        self.files = files
        self.executable = executable
        let log = files.directory.appendingPathComponent("bridge-\(UUID().uuidString.prefix(6)).log")
        self.log = log
        process = try ChildProcess(executable: try RepositoryPaths.executable(executable),
                                   arguments: ["-c", files.config.path], stderrTo: log)
        try await waitUntilListening()
    }

    /// The remote side's history, as the echo network stored it.
    var remoteHistory: [[String: JSONValue]] {
        let path = files.directory.appendingPathComponent("echo-remote.jsonl")
        let text = (try? String(contentsOf: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONValue(parsing: String($0)).objectValue }
    }

    /// SIGKILL, then waits until the process is gone (so its port and database are free again).
    func kill() async throws {
        _ = Glibc.kill(process.pid, SIGKILL)
        guard await process.waitForExit(timeout: .seconds(20)) else { throw RigError.timeout("\(executable) survived SIGKILL") }
    }

    func stop() async {
        await process.stop(timeout: .seconds(10))
    }

    private func waitUntilListening() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if FreePort.isListening(files.appservicePort) { return }
            guard process.isRunning else {
                let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw RigError.failed("\(executable) exited at start: " + output.suffix(2000))
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw RigError.timeout("\(executable) never listened on its appservice port")
    }
}

/// A Matrix user driven through matrix-nio, with the steps the bridge tests repeat.
struct BridgeUser {
    let agent: NioAgent
    let id: UserID
    /// The bridge bot this user talks to.
    var bot = BridgeUser.bot
    static let bot = try! UserID(validating: "@echobot:localhost")
    static let echoGhost = try! UserID(validating: "@echo_echo:localhost")

    /// Registers or logs in `name`; with `encryption` the agent is an E2EE client (a new device each time).
    static func login(_ name: String, on rig: SynapseRig, bot: UserID = BridgeUser.bot, encryption: Bool = false) async throws -> BridgeUser {
        let agent = try NioAgent()
        return BridgeUser(agent: agent, id: try await agent.login(homeserver: rig.url, username: name, encryption: encryption), bot: bot)
    }

    /// Waits for an event after position `after` of the agent's timeline; returns it and the next position.
    func waitEvent(in room: RoomID? = nil, type: String = "m.room.message", sender: UserID? = nil, body: String? = nil,
                   after: Int = 0, timeout: Int = 60) async throws -> (event: JSONValue, next: Int) {
        var arguments: [String: JSONValue] = ["type": .string(type), "after": .int(Int64(after)), "timeout": .int(Int64(timeout))]
        if let room { arguments["room"] = .string(room.rawValue) }
        if let sender { arguments["sender"] = .string(sender.rawValue) }
        if let body { arguments["body"] = .string(body) }
        let result = try await agent.call("wait_event", arguments)
        return (result["event"] ?? .null, Int(result["index"]?.intValue ?? 0))
    }

    /// Opens the management room (a DM with the bot) and waits for the bot's greeting.
    func openManagementRoom(encrypted: Bool = false) async throws -> RoomID {
        let room = try await agent.createRoom(invite: [bot], isDirect: true, encrypted: encrypted)
        _ = try await waitEvent(in: room, sender: bot, body: "management room")
        return room
    }

    /// Sends a command and returns the bot's answer containing `expecting`.
    @discardableResult
    func command(_ text: String, in room: RoomID, expecting: String) async throws -> JSONValue {
        try await agent.sendText(text, to: room)
        return try await waitEvent(in: room, sender: bot, body: expecting).event
    }

    /// Logs in to the echo network as `name` and joins the DM portal the echo user greets in.
    func logIn(as name: String, managementRoom room: RoomID, autoJoined: Bool = false) async throws -> RoomID {
        try await command("login", in: room, expecting: "Send your **name**")
        try await command(name, in: room, expecting: "Send your **password**")
        try await command("hunter2", in: room, expecting: "Logged in as **\(name)**")
        if autoJoined {
            // Double puppeting accepted the invite already: the greeting shows up in a joined room.
            let result = try await agent.call("wait_event", ["sender": .string(Self.echoGhost.rawValue),
                                                             "body": .string("Hello \(name)!"), "timeout": 30])
            return try RoomID(validating: result["room_id"]?.stringValue ?? "")
        }
        let portal = try await agent.waitForInvite(from: bot, timeout: 30)
        try await agent.join(portal.rawValue)
        _ = try await waitEvent(in: portal, sender: Self.echoGhost, body: "Hello \(name)!")
        return portal
    }

    /// Polls the room's state until the event of `type` and `stateKey` has content matching `predicate`.
    func waitForState(in room: RoomID, type: String, stateKey: String = "", timeout: Duration = .seconds(60),
                      _ predicate: (JSONValue) -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let state = try await agent.call("state", ["room": .string(room.rawValue)]).arrayValue ?? []
            let match = state.first { $0["type"]?.stringValue == type && $0["state_key"]?.stringValue == stateKey }
            if let content = match?["content"], predicate(content) { return true }
            try await Task.sleep(for: .milliseconds(300))
        }
        return false
    }

    func send(_ content: JSONValue, to room: RoomID, type: String = "m.room.message") async throws -> EventID {
        try await agent.send(to: room, content: content, type: type)
    }
}
