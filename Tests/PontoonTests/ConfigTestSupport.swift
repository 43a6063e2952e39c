import Foundation
@testable import Pontoon
import PontoonMatrix

/// A network for config, registration and CLI tests.
struct TestNetwork: RemoteNetwork {
    var id = "echo"
    var displayName = "Echo"
    var version = "1.2.3"
    var exampleConfigSection = "  # What the echo bot says first.\n  greeting: hello\n  # How often, in seconds.\n  interval: 30\n"
    var defaultUsernameTemplate = "echo_{{.}}"
    var aliasTemplate: String? = nil
    var thirdPartyProtocols: [String] = ["echo"]
    var loginFlows: [LoginFlowDescription] = []

    func startLogin(flowID: String, for user: UserID) async throws -> any LoginProcess {
        throw LoginError(userMessage: "config tests don't log in")
    }

    func makeSession(for login: StoredLogin, events: any RemoteEventSink) async throws -> any RemoteSession {
        throw LoginError(userMessage: "config tests don't make sessions")
    }
}

/// Config texts used across tests.
enum ConfigFixtures {
    static let asToken = "AsTokenSecretValue0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"
    static let hsToken = "HsTokenSecretValue0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJ"

    /// The smallest config that runs: everything else takes its default.
    static let minimal = """
    homeserver:
      address: http://localhost:8008
      domain: example.org
    appservice:
      address: http://localhost:29333
      as_token: \(asToken)
      hs_token: \(hsToken)

    """

    /// The example config with the tokens filled in, as `-g` leaves it.
    static func exampleWithTokens(_ network: any RemoteNetwork = TestNetwork()) throws -> String {
        try ConfigTokenWriter.settingTokens(in: ExampleConfig.render(for: network), asToken: asToken, hsToken: hsToken)
    }

    static func load(_ text: String, purpose: ConfigLoader.Purpose = .run) throws(ConfigError) -> LoadedConfig {
        try ConfigLoader.parse(text: text, path: "config.yaml", network: TestNetwork(), purpose: purpose)
    }

    /// The error loading `text` gives, or `nil` when it loads.
    static func error(loading text: String, purpose: ConfigLoader.Purpose = .run) -> ConfigError? {
        do {
            _ = try load(text, purpose: purpose)
            return nil
        } catch {
            return error
        }
    }
}

/// A fresh directory under the system's temporary directory, removed by ``remove()``.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("pontoon-tests-\(UUID().uuidString)", isDirectory: true)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    func path(_ name: String) -> String { url.appendingPathComponent(name).path }

    func write(_ text: String, to name: String) throws {
        try Data(text.utf8).write(to: url.appendingPathComponent(name))
    }

    func read(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
