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
        NetworkCapabilities(edits: true, redactions: true, reactions: true, replies: true, typing: true)
    }

    public var loginFlows: [LoginFlowDescription] {
        [LoginFlowDescription(id: "password", name: "Name and password", summary: "Any name; any password but \"wrong\".")]
    }

    public func startLogin(flowID: String, for user: UserID) async throws -> any LoginProcess {
        EchoLogin()
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
