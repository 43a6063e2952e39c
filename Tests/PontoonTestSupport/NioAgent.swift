import Foundation
import PontoonMatrix

/// A real Matrix user (matrix-nio in a Python child process) that tests drive command by command.
public actor NioAgent {
    private let process: ChildProcess
    private let answers = LineQueue()
    private var nextID = 0
    /// The user's Matrix ID, known after ``login(homeserver:username:password:encryption:deviceID:)``.
    public private(set) var userID: UserID?
    /// The device the agent logged in as, known after ``login(homeserver:username:password:encryption:deviceID:)``.
    public private(set) var deviceID: String?

    public init() throws {
        guard RigAvailability.hasSynapse else {
            throw RigError.missing("matrix-nio venv at \(RepositoryPaths.venvPython.path): run scripts/test.sh")
        }
        process = try ChildProcess(executable: RepositoryPaths.venvPython, arguments: [RepositoryPaths.rigScript("nio_agent.py").path])
        let lines = process.lines
        let answers = self.answers
        Task {
            for await line in lines { await answers.push(line) }
            await answers.finish()
        }
    }

    /// Sends one command and returns its result; a failure on the Python side throws its message.
    @discardableResult
    public func call(_ command: String, _ arguments: [String: JSONValue] = [:]) async throws -> JSONValue {
        nextID += 1
        var request = arguments
        request["cmd"] = .string(command)
        request["id"] = .int(Int64(nextID))
        let line = String(decoding: try JSONEncoder().encode(JSONValue.object(request)), as: UTF8.self)
        try process.send(line: line)
        guard let answerLine = await answers.next() else {
            throw RigError.failed("nio agent exited during \(command)")
        }
        let answer = try JSONDecoder().decode(JSONValue.self, from: Data(answerLine.utf8))
        guard answer["ok"]?.boolValue == true else {
            throw RigError.failed("nio \(command): \(answer["error"]?.stringValue ?? answerLine)")
        }
        return answer["result"] ?? .null
    }

    /// Registers (open registration) and logs in a user, then does a first sync.
    ///
    /// With `encryption`, nio keeps an Olm account for this device (in a temporary store the agent
    /// removes when it exits), uploads its keys, and from then on after every sync queries and
    /// claims keys and trusts every device it sees, so room keys also reach unverified devices such
    /// as a bridge's. Sends into encrypted rooms are encrypted; received events it could decrypt are
    /// reported with their cleartext type and content and `"decrypted": true`, the others with
    /// `"undecryptable": true` and their `session_id`. `deviceID` picks the device to log in (e.g. a
    /// second device of the same user in a second agent); by default the homeserver makes one up.
    public func login(
        homeserver: URL, username: String, password: String = "test-password-1", encryption: Bool = false, deviceID: String? = nil
    ) async throws -> UserID {
        var arguments: [String: JSONValue] = [
            "homeserver": .string(homeserver.absoluteString), "username": .string(username), "password": .string(password),
        ]
        if encryption { arguments["encryption"] = .bool(true) }
        if let deviceID { arguments["device_id"] = .string(deviceID) }
        let result = try await call("login", arguments)
        let id = try UserID(validating: result["user_id"]?.stringValue ?? "")
        userID = id
        self.deviceID = result["device_id"]?.stringValue
        return id
    }

    /// Waits for an invite (optionally from `inviter`) and returns the room ID.
    public func waitForInvite(from inviter: UserID? = nil, timeout: Int = 60) async throws -> RoomID {
        var arguments: [String: JSONValue] = ["timeout": .int(Int64(timeout))]
        if let inviter { arguments["inviter"] = .string(inviter.rawValue) }
        return try RoomID(validating: try await call("wait_invite", arguments).stringValue ?? "")
    }

    /// Joins a room by ID or alias.
    @discardableResult
    public func join(_ room: String) async throws -> RoomID {
        try RoomID(validating: try await call("join", ["room": .string(room)]).stringValue ?? "")
    }

    /// Leaves a room.
    public func leave(_ room: RoomID) async throws {
        _ = try await call("leave", ["room": .string(room.rawValue)])
    }

    /// Sends an event (default `m.room.message`) and returns its event ID.
    @discardableResult
    public func send(to room: RoomID, content: JSONValue, type: String = "m.room.message") async throws -> EventID {
        try EventID(validating: try await call("send", ["room": .string(room.rawValue), "content": content, "type": .string(type)]).stringValue ?? "")
    }

    /// Sends a plain text message.
    @discardableResult
    public func sendText(_ body: String, to room: RoomID) async throws -> EventID {
        try await send(to: room, content: ["msgtype": "m.text", "body": .string(body)])
    }

    /// Waits for a timeline event matching the given fields and returns it (raw JSON).
    public func waitForEvent(
        in room: RoomID? = nil, type: String? = nil, sender: UserID? = nil, bodyContains: String? = nil, timeout: Int = 60
    ) async throws -> JSONValue {
        var arguments: [String: JSONValue] = ["timeout": .int(Int64(timeout))]
        if let room { arguments["room"] = .string(room.rawValue) }
        if let type { arguments["type"] = .string(type) }
        if let sender { arguments["sender"] = .string(sender.rawValue) }
        if let bodyContains { arguments["body"] = .string(bodyContains) }
        return try await call("wait_event", arguments)["event"] ?? .null
    }

    /// The room's latest timeline events, oldest first.
    public func messages(in room: RoomID, limit: Int = 100) async throws -> [JSONValue] {
        try await call("messages", ["room": .string(room.rawValue), "limit": .int(Int64(limit))]).arrayValue ?? []
    }

    /// Stops the agent process.
    public func stop() async {
        await process.stop(timeout: .seconds(5))
    }
}

/// Lines read by one task and taken one at a time by another.
actor LineQueue {
    private var buffered: [String] = []
    private var waiters: [CheckedContinuation<String?, Never>] = []
    private var finished = false

    func push(_ line: String) {
        if waiters.isEmpty { buffered.append(line) } else { waiters.removeFirst().resume(returning: line) }
    }

    func finish() {
        finished = true
        waiters.forEach { $0.resume(returning: nil) }
        waiters = []
    }

    func next() async -> String? {
        if !buffered.isEmpty { return buffered.removeFirst() }
        if finished { return nil }
        return await withCheckedContinuation { waiters.append($0) }
    }
}

extension NioAgent {
    /// Creates a room as this user, inviting `invite`; `isDirect` marks the invites as a DM, and
    /// `encrypted` creates it with `m.room.encryption` (Megolm) in its initial state.
    public func createRoom(name: String? = nil, invite: [UserID] = [], isDirect: Bool = false, encrypted: Bool = false) async throws -> RoomID {
        var arguments: [String: JSONValue] = [
            "invite": .array(invite.map { .string($0.rawValue) }), "is_direct": .bool(isDirect),
        ]
        if let name { arguments["name"] = .string(name) }
        if encrypted { arguments["encrypted"] = .bool(true) }
        return try RoomID(validating: try await call("create_room", arguments).stringValue ?? "")
    }

    /// Sends a state event as this user; returns its event ID.
    @discardableResult
    public func setState(in room: RoomID, type: String, stateKey: String = "", content: JSONValue) async throws -> EventID {
        try EventID(validating: try await call("set_state", ["room": .string(room.rawValue), "type": .string(type),
                                                             "state_key": .string(stateKey), "content": content]).stringValue ?? "")
    }

    /// Uploads a file to the media repository as this user; returns its `mxc://` URI.
    public func upload(_ data: [UInt8], contentType: String, fileName: String) async throws -> String {
        try await call("upload", ["data": .string(Data(data).base64EncodedString()), "content_type": .string(contentType),
                                  "filename": .string(fileName)]).stringValue ?? ""
    }

    /// Invites `user` to `room`.
    public func invite(_ user: UserID, to room: RoomID) async throws {
        _ = try await call("invite", ["room": .string(room.rawValue), "user": .string(user.rawValue)])
    }

    /// Encrypts `data` as a Matrix attachment (AES-CTR), uploads the ciphertext, and returns its
    /// `mxc://` URI and the EncryptedFile JSON (`url`, `key`, `iv`, `hashes`, `v`) to send as a
    /// message's `content.file`. `contentType` belongs in the message's `info.mimetype`: the
    /// ciphertext itself is uploaded as `application/octet-stream`, so the server learns nothing.
    public func uploadEncrypted(
        _ data: [UInt8], contentType: String = "application/octet-stream", fileName: String = "file"
    ) async throws -> (url: String, file: JSONValue) {
        let result = try await call("upload_encrypted", ["data": .string(Data(data).base64EncodedString()),
                                                         "content_type": .string(contentType), "filename": .string(fileName)])
        return (result["url"]?.stringValue ?? "", result["file"] ?? .null)
    }

    /// Downloads `url` (default: the EncryptedFile's own `url`) and decrypts it with `file`, an
    /// EncryptedFile JSON as found in an encrypted attachment's `content.file`; the hash is checked.
    public func downloadDecrypted(url: String? = nil, file: JSONValue) async throws -> [UInt8] {
        var arguments: [String: JSONValue] = ["file": file]
        if let url { arguments["url"] = .string(url) }
        return try Self.bytes(try await call("download_decrypted", arguments), "download_decrypted")
    }

    /// Downloads an `mxc://` URI from the media repository as this user, as it is stored.
    public func download(url: String) async throws -> [UInt8] {
        try Self.bytes(try await call("download", ["url": .string(url)]), "download")
    }

    /// This device's encryption identity: `enabled`, `user_id`, `device_id`, and with encryption
    /// the `ed25519` and `curve25519` identity keys.
    public func encryptionInfo() async throws -> JSONValue {
        try await call("encryption_info")
    }

    private static func bytes(_ result: JSONValue, _ command: String) throws -> [UInt8] {
        guard let text = result.stringValue, let data = Data(base64Encoded: text) else {
            throw RigError.failed("nio \(command): expected base64, got \(result)")
        }
        return [UInt8](data)
    }
}
