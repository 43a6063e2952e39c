import Foundation
import Logging
@testable import Pontoon
import PontoonMatrix
import Testing

@Suite("Config loading")
struct ConfigLoadingTests {
    @Test func exampleConfigLoadsOnceTokensAreFilledIn() throws {
        let loaded = try ConfigFixtures.load(ConfigFixtures.exampleWithTokens())
        let config = loaded.config
        #expect(config.homeserver.address.absoluteString == "http://localhost:8008")
        #expect(config.homeserver.domain == "example.org")
        #expect(config.appservice.asToken == ConfigFixtures.asToken)
        #expect(config.appservice.hsToken == ConfigFixtures.hsToken)
        #expect(config.appservice.usernameTemplate == "echo_{{.}}")
        #expect(config.bridge.permissions == ["*": .relay, "example.org": .user, "@admin:example.org": .admin])
        #expect(config.network == ["greeting": "hello", "interval": 30])
        #expect(loaded.warnings.isEmpty)
    }

    @Test func exampleConfigLoadsAsIsForGeneratingTheRegistration() throws {
        let config = try ConfigFixtures.load(ExampleConfig.render(for: TestNetwork()), purpose: .generateRegistration).config
        #expect(!config.appservice.hasTokens)
    }

    @Test func exampleConfigWithoutTokensIsRefusedForRunningWithAHintToRunG() {
        let error = ConfigFixtures.error(loading: ExampleConfig.render(for: TestNetwork()))
        let keys = error?.problems.map(\.key)
        #expect(keys == ["appservice.as_token", "appservice.hs_token"])
        #expect(error?.problems.allSatisfy { $0.message.contains("-g") } == true)
    }

    @Test func exampleConfigOfANetworkWithoutASectionStillLoads() throws {
        var network = TestNetwork()
        network.exampleConfigSection = ""
        let text = try ConfigFixtures.exampleWithTokens(network)
        #expect(try ConfigFixtures.load(text).config.network == .object([:]))
    }

    @Test func exampleConfigCommentsEveryKey() {
        let lines = ExampleConfig.render(for: TestNetwork()).split(separator: "\n").map(String.init)
        for (index, line) in lines.enumerated() where line.contains(":") && !line.trimmingCharacters(in: .whitespaces).hasPrefix("#") {
            let isPermissionEntry = line.hasPrefix("    \"")
            let isTokenPair = line.contains("hs_token:")
            if isPermissionEntry || isTokenPair { continue }
            #expect(index > 0 && lines[index - 1].trimmingCharacters(in: .whitespaces).hasPrefix("#"), "no comment above: \(line)")
        }
    }

    @Test func omittedKeysTakeTheirDefaultsFromTheNetwork() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.minimal).config
        #expect(config.appservice.hostname == "127.0.0.1")
        #expect(config.appservice.port == 29333)
        #expect(config.appservice.id == "echo")
        #expect(config.appservice.bot.username == "echobot")
        #expect(config.appservice.bot.displayname == "Echo bridge bot")
        #expect(config.appservice.usernameTemplate == "echo_{{.}}")
        #expect(config.appservice.maxBodySize == AppserviceServerConfiguration.defaultMaxBodySize)
        #expect(config.database == .init(type: .sqlite, uri: "pontoon-echo.db"))
        #expect(config.bridge.commandPrefix == "!echo")
        #expect(config.bridge.permissions == ["*": .relay])
        #expect(config.bridge.relay == .init(enabled: false, adminOnly: true))
        #expect(config.doublePuppet.secrets.isEmpty)
        #expect(config.encryption == .init())
        #expect(config.logging == .init(level: .info, components: [:]))
        #expect(config.metrics == .init(enabled: false, listen: "127.0.0.1:8001"))
        #expect(config.network == .object([:]))
    }

    @Test func networkSectionKeepsYAMLTypes() throws {
        let text = ConfigFixtures.minimal + """
        network:
          server: irc.example.org
          port: 6697
          tls: yes
          nick: "007"
          ratio: 0.5
          channels: ["#a", "#b"]
          empty: ~

        """
        let network = try ConfigFixtures.load(text).config.network
        #expect(network == [
            "server": "irc.example.org", "port": 6697, "tls": true, "nick": "007", "ratio": 0.5,
            "channels": ["#a", "#b"], "empty": nil,
        ])
    }

    struct EchoSettings: Decodable, Equatable {
        var greeting: String
        var interval: Int
    }

    @Test func networkDecodesItsSection() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.exampleWithTokens()).config
        #expect(try config.decodeNetworkSection(as: EchoSettings.self) == EchoSettings(greeting: "hello", interval: 30))
    }

    @Test func networkSectionErrorsNameTheNetworkKey() throws {
        let text = ConfigFixtures.minimal + "network:\n  greeting: hi\n  interval: often\n"
        let config = try ConfigFixtures.load(text).config
        #expect(throws: ConfigError.self) { try config.decodeNetworkSection(as: EchoSettings.self) }
        do {
            _ = try config.decodeNetworkSection(as: EchoSettings.self)
        } catch {
            #expect(error.problems.map(\.key) == ["network.interval"])
            #expect(error.problems.first?.message.contains("integer") == true)
        }
    }

    @Test func unknownKeysAreWarningsNotErrors() throws {
        let text = ConfigFixtures.minimal.replacingOccurrences(of: "  domain: example.org", with: "  domain: example.org\n  prot: 1")
            + "extra_section: {}\n"
        let loaded = try ConfigFixtures.load(text)
        #expect(loaded.warnings.count == 2)
        #expect(loaded.warnings.contains { $0.contains("homeserver.prot") })
        #expect(loaded.warnings.contains { $0.contains("extra_section") })
    }

    @Test func permissionLevelsAndLogLevelsAreCaseInsensitive() throws {
        let text = ConfigFixtures.minimal + """
        bridge:
          permissions:
            "*": Relay
            "@admin:example.org": ADMIN
        logging:
          level: Debug
          components:
            appservice: TRACE

        """
        let config = try ConfigFixtures.load(text).config
        #expect(config.bridge.permissions == ["*": .relay, "@admin:example.org": .admin])
        #expect(config.logging.level == .debug)
        #expect(config.logging.components == ["appservice": .trace])
    }

    @Test func postgresURLIsAccepted() throws {
        let text = ConfigFixtures.minimal + "database:\n  type: postgres\n  uri: postgres://bridge:pw@localhost/bridge\n"
        #expect(try ConfigFixtures.load(text).config.database.type == .postgres)
    }

    @Test func aModestAliasIsAllowed() throws {
        let text = ConfigFixtures.minimal + """
        logging:
          components: &levels
            appservice: debug
        network:
          levels: *levels

        """
        let config = try ConfigFixtures.load(text).config
        #expect(config.network == ["levels": ["appservice": "debug"]])
    }

    @Test func loadingFromAFileReadsIt() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(ConfigFixtures.minimal, to: "config.yaml")
        let loaded = try ConfigLoader.load(path: directory.path("config.yaml"), network: TestNetwork())
        #expect(loaded.config.homeserver.domain == "example.org")
    }

    @Test func configEncodesAndDecodesAsJSON() throws {
        let config = try ConfigFixtures.load(ConfigFixtures.exampleWithTokens()).config
        let data = try JSONEncoder().encode(config)
        #expect(try JSONDecoder().decode(BridgeConfig.self, from: data) == config)
    }
}
