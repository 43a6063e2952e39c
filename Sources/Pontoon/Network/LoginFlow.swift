import PontoonMatrix

/// A way to log in that a network offers (`password`, `token`, `qr`, …), listed by `login`.
public struct LoginFlowDescription: Sendable, Hashable {
    public var id: String
    public var name: String
    public var summary: String

    public init(id: String, name: String, summary: String) {
        self.id = id
        self.name = name
        self.summary = summary
    }
}

/// One field the user fills in during a login.
public struct LoginField: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case text, username, password, token, phoneNumber, url, domain
    }

    public var id: String
    public var kind: Kind
    public var name: String
    public var description: String
    /// Secret fields are redacted from the room after reading, never logged, never echoed.
    public var isSecret: Bool { kind == .password || kind == .token }

    public init(id: String, kind: Kind, name: String, description: String = "") {
        self.id = id
        self.kind = kind
        self.name = name
        self.description = description
    }
}

/// What a login process asks next. The same steps drive the bot's `login` command and, later, the
/// provisioning API, so a plugin writes a login once.
public enum LoginStep: Sendable {
    /// Ask the user for these fields (one message per field in the management room).
    case userInput(instructions: String, fields: [LoginField])
    /// Show something (a code, a QR payload, a link) and wait for the remote side to confirm.
    case displayAndWait(instructions: String, display: String)
    /// Done: the login exists and its session may connect.
    case complete(LoginResult)
}

/// What a finished login leaves behind; the core stores it and builds a session from it.
public struct LoginResult: Sendable, Hashable {
    public var loginID: LoginID
    /// The name shown by `logins` and `ping` (the nick, the phone number, the workspace).
    public var remoteName: String
    /// The plugin's own data (credentials, server, …) as JSON; stored as-is, never logged.
    public var metadata: JSONValue

    public init(loginID: LoginID, remoteName: String, metadata: JSONValue = .object([:])) {
        self.loginID = loginID
        self.remoteName = remoteName
        self.metadata = metadata
    }
}

/// One running login attempt.
public protocol LoginProcess: Sendable {
    /// The first step.
    func start() async throws -> LoginStep
    /// The user's answers to a `userInput` step, keyed by field ID; returns the next step.
    func submit(_ values: [String: String]) async throws -> LoginStep
    /// Waits for a `displayAndWait` step to be confirmed remotely; returns the next step.
    func wait() async throws -> LoginStep
    /// The user gave up (`cancel`), or the bridge stops.
    func cancel() async
}

extension LoginProcess {
    public func wait() async throws -> LoginStep {
        throw LoginError(userMessage: "This login step does not wait for anything.")
    }
    public func cancel() async {}
}

/// A login failure the user can act on; its message is shown in the management room.
public struct LoginError: Error, Sendable, CustomStringConvertible {
    public var userMessage: String
    public init(userMessage: String) { self.userMessage = userMessage }
    public var description: String { userMessage }
}
