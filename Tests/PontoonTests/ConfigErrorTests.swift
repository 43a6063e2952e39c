import Foundation
@testable import Pontoon
import Testing

@Suite("Config errors name their key")
struct ConfigErrorTests {
    /// The minimal config with `old` replaced by `new`.
    static func minimal(replacing old: String, with new: String) -> String {
        ConfigFixtures.minimal.replacingOccurrences(of: old, with: new)
    }

    func problems(_ text: String) -> [String] {
        ConfigFixtures.error(loading: text)?.problems.map(\.description) ?? []
    }

    @Test func missingFileSaysToRunE() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ConfigError.missingFile(path: directory.path("config.yaml"))) {
            try ConfigLoader.load(path: directory.path("config.yaml"), network: TestNetwork())
        }
        #expect(ConfigError.missingFile(path: "config.yaml").description.contains("-e"))
    }

    @Test func directoryInsteadOfAFileIsUnreadable() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: ConfigError.unreadable(path: directory.url.path, reason: "it is a directory")) {
            try ConfigLoader.load(path: directory.url.path, network: TestNetwork())
        }
    }

    @Test func yamlSyntaxErrorGivesLineAndColumn() {
        let text = "homeserver:\n  address: http://localhost:8008\n  domain: [example.org\nappservice: {}\n"
        guard case .syntax(_, let line, let column, _)? = ConfigFixtures.error(loading: text) else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(line == 4)
        #expect(column != nil)
    }

    @Test func wrongTypeNamesTheKeyAndTheExpectedType() {
        #expect(problems(Self.minimal(replacing: "http://localhost:29333", with: "http://localhost:29333\n  port: lots"))
            == ["appservice.port: expected an integer"])
    }

    @Test func listWhereAValueBelongsSaysSo() {
        #expect(problems(Self.minimal(replacing: "domain: example.org", with: "domain: [example.org]"))
            == ["homeserver.domain: expected a single value, found a list"])
    }

    @Test func scalarWhereASectionBelongsSaysSo() {
        let text = ConfigFixtures.minimal + "bridge: 5\n"
        #expect(problems(text) == ["bridge: expected a mapping (key: value lines)"])
    }

    @Test func negativePortIsOutOfRange() {
        #expect(problems(Self.minimal(replacing: "http://localhost:29333", with: "http://localhost:29333\n  port: -1"))
            == ["appservice.port: must be between 1 and 65535"])
    }

    @Test func addressWithoutHTTPSchemeIsRefused() {
        let found = problems(Self.minimal(replacing: "http://localhost:8008", with: "ftp://localhost"))
        #expect(found.count == 1)
        #expect(found.first?.hasPrefix("homeserver.address: must be an http:// or https:// URL") == true)
    }

    @Test func missingRequiredKeysAreEachReported() {
        let text = "homeserver:\n  address: http://localhost:8008\nappservice:\n  as_token: a\n  hs_token: b\n"
        #expect(problems(text) == [
            "homeserver.domain: missing; this key is required",
            "appservice.address: missing; this key is required",
        ])
    }

    @Test func missingSectionsAreReported() {
        let found = problems("database:\n  type: sqlite\n")
        #expect(found == ["homeserver: missing; this section is required", "appservice: missing; this section is required"])
    }

    @Test func unknownPermissionLevelNamesTheEntry() {
        let text = ConfigFixtures.minimal + "bridge:\n  permissions:\n    \"example.org\": superuser\n"
        #expect(problems(text) == ["bridge.permissions.\"example.org\": must be one of block, relay, user, admin"])
    }

    @Test func permissionKeyMustBeAServerOrAUser() {
        let text = ConfigFixtures.minimal + "bridge:\n  permissions:\n    \"not a server\": user\n    \"@bad\": admin\n"
        let keys = ConfigFixtures.error(loading: text)?.problems.map(\.key)
        #expect(keys == ["bridge.permissions.\"@bad\"", "bridge.permissions.\"not a server\""])
    }

    @Test func unknownLogLevelNamesTheKey() {
        let text = ConfigFixtures.minimal + "logging:\n  level: loud\n  components:\n    appservice: chatty\n"
        let keys = ConfigFixtures.error(loading: text)?.problems.map(\.key)
        #expect(keys == ["logging.level", "logging.components.appservice"])
    }

    @Test func usernameTemplateNeedsThePlaceholder() {
        let text = Self.minimal(replacing: "http://localhost:29333", with: "http://localhost:29333\n  username_template: echo_user")
        #expect(ConfigFixtures.error(loading: text)?.problems.map(\.key) == ["appservice.username_template"])
    }

    @Test func unknownDatabaseTypeIsRefused() {
        let text = ConfigFixtures.minimal + "database:\n  type: mysql\n"
        #expect(problems(text) == ["database.type: must be one of sqlite, postgres"])
    }

    @Test func encryptionDefaultNeedsAllow() {
        let text = ConfigFixtures.minimal + "encryption:\n  default: true\n"
        #expect(problems(text) == ["encryption.default: needs encryption.allow: true"])
    }

    @Test func metricsListenMustBeHostAndPort() {
        let text = ConfigFixtures.minimal + "metrics:\n  enabled: true\n  listen: localhost\n"
        #expect(ConfigFixtures.error(loading: text)?.problems.map(\.key) == ["metrics.listen"])
    }

    @Test func everyProblemIsReportedAtOnce() {
        let text = """
        homeserver:
          address: gopher://x
          domain: "bad domain"
        appservice:
          address: http://localhost:29333
          port: 70000
          as_token: same
          hs_token: same
        database:
          type: oracle
        logging:
          level: loud

        """
        let keys = Set(ConfigFixtures.error(loading: text)?.problems.map(\.key) ?? [])
        #expect(keys == ["homeserver.address", "homeserver.domain", "appservice.port", "appservice.hs_token", "database.type", "logging.level"])
    }

    @Test func problemsAreOrderedBySectionAsInTheExample() {
        let text = """
        bridge: {permissions: {"*": god}}
        appservice: {address: http://localhost:29333, port: abc, as_token: a, hs_token: b}
        homeserver: {address: http://localhost:8008, domain: "a b"}

        """
        #expect(ConfigFixtures.error(loading: text)?.problems.map(\.key) == ["homeserver.domain", "appservice.port", "bridge.permissions.\"*\""])
    }

    @Test func eachProblemIsOneLineNamingTheFile() throws {
        let error = try #require(ConfigFixtures.error(loading: "database:\n  type: sqlite\n"))
        #expect(error.lines.count == 2)
        #expect(error.lines.allSatisfy { $0.hasPrefix("config.yaml: ") && !$0.contains("\n") })
    }
}
