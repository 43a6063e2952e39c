import Foundation
import Pontoon
import PontoonMatrix

/// The echo network: an in-process network whose users answer what they are told. It is the
/// template for a plugin: a descriptor (this file), a login process, a session, and the "remote
/// server" the session talks to (here a file, so the remote side survives a bridge restart).
public struct EchoNetwork: RemoteNetwork {
    /// The `network:` section of the config.
    public struct Config: Decodable, Sendable {
        /// How long an echo user waits before answering, in milliseconds.
        public var replyDelayMs: Int = 0
        /// Where the echo "server" keeps its history.
        public var statePath: String = "echo-remote.jsonl"

        enum CodingKeys: String, CodingKey {
            case replyDelayMs = "reply_delay_ms"
            case statePath = "state_path"
        }

        public init() {}

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            replyDelayMs = try container.decodeIfPresent(Int.self, forKey: .replyDelayMs) ?? 0
            statePath = try container.decodeIfPresent(String.self, forKey: .statePath) ?? "echo-remote.jsonl"
        }
    }

    let config: Config
    let server: EchoServer?

    /// The descriptor only (for `-e`, `-g`).
    public init() {
        config = Config()
        server = nil
    }

    /// The network as it runs, with its server state loaded.
    public init(config: Config) throws {
        self.config = config
        server = try EchoServer(path: config.statePath)
    }

    public var id: String { "echo" }
    public var displayName: String { "Echo" }
    public var version: String { "0.2.0" }
    public var aliasTemplate: String? { "echo_{{.}}" }
    public var exampleConfigSection: String {
        """
          # How long an echo user waits before answering, in milliseconds.
          reply_delay_ms: 0
          # Where the echo network keeps its history (the "remote server" side).
          state_path: echo-remote.jsonl

        """
    }

    public var capabilities: NetworkCapabilities {
        NetworkCapabilities(edits: true, redactions: true, reactions: true, replies: true, threads: true, typing: true,
                            readReceipts: true, media: [.image, .file])
    }

    public var loginFlows: [LoginFlowDescription] {
        [LoginFlowDescription(id: "password", name: "Name and password", summary: "Any name; any password but \"wrong\"."),
         LoginFlowDescription(id: "code", name: "Code", summary: "Shows a code the Echo app confirms by itself.")]
    }

    public func startLogin(flowID: String, for user: UserID) async throws -> any LoginProcess {
        flowID == "code" ? EchoCodeLogin() : EchoLogin()
    }

    public func makeSession(for login: StoredLogin, events: any RemoteEventSink) async throws -> any RemoteSession {
        guard let server else { throw LoginError(userMessage: "The echo network is not running.") }
        return EchoSession(login: login, server: server, events: events, replyDelay: .milliseconds(config.replyDelayMs))
    }
}

/// The login: a name, then a password ("wrong" fails, to show an error).
struct EchoLogin: LoginProcess {
    func start() async throws -> LoginStep {
        .userInput(instructions: "Log in to Echo.", fields: [
            LoginField(id: "name", kind: .username, name: "name", description: "letters and digits"),
            LoginField(id: "password", kind: .password, name: "password"),
        ])
    }

    func submit(_ values: [String: String]) async throws -> LoginStep {
        let name = values["name", default: ""].lowercased()
        guard !name.isEmpty, name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber) }) else {
            throw LoginError(userMessage: "A name is letters and digits only. Send login to try again.")
        }
        guard values["password"] != "wrong" else { throw LoginError(userMessage: "Wrong password. Send login to try again.") }
        return .complete(LoginResult(loginID: LoginID(name), remoteName: name))
    }
}

/// The login by code: show a code, then the "app" confirms it a moment later.
struct EchoCodeLogin: LoginProcess {
    let code = String(format: "%06d", Int.random(in: 0..<1_000_000))

    func start() async throws -> LoginStep {
        .displayAndWait(instructions: "Enter this code in the Echo app:", display: code)
    }

    func submit(_ values: [String: String]) async throws -> LoginStep {
        throw LoginError(userMessage: "Nothing to type: the Echo app confirms the code.")
    }

    func wait() async throws -> LoginStep {
        try await Task.sleep(for: .seconds(1))
        return .complete(LoginResult(loginID: LoginID("code" + code), remoteName: "code" + code))
    }
}
