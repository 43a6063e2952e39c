import Foundation
@testable import Pontoon
import PontoonMatrix
import Testing

@Suite("Registration model and namespaces")
struct RegistrationTests {
    static func config() throws -> BridgeConfig {
        try ConfigFixtures.load(ConfigFixtures.exampleWithTokens()).config
    }

    /// Synapse compiles namespace regexes with Python `re` and tests them with `match`: anchored
    /// at the start only. NSRegularExpression's `.anchored` behaves the same for these patterns.
    static func synapseMatches(_ pattern: String, _ candidate: String) throws -> Bool {
        let regex = try NSRegularExpression(pattern: pattern)
        let range = NSRange(candidate.startIndex..., in: candidate)
        return regex.firstMatch(in: candidate, options: .anchored, range: range) != nil
    }

    @Test func usersNamespaceMatchesGhostsOfThisServerOnly() throws {
        let registration = RegistrationGenerator(network: TestNetwork()).registration(for: try Self.config())
        let users = try #require(registration.namespaces.users.first)
        #expect(users.exclusive)
        #expect(try Self.synapseMatches(users.regex, "@echo_alice:example.org"))
        #expect(try !Self.synapseMatches(users.regex, "@echo_alice:example.org.evil"))
        #expect(try !Self.synapseMatches(users.regex, "@notecho_alice:example.org"))
        #expect(try !Self.synapseMatches(users.regex, "@echo_alice:exampleXorg"))
        #expect(try !Self.synapseMatches(users.regex, "@alice:example.org"))
    }

    @Test func usersRegexIsTheEscapedTemplate() {
        #expect(NamespaceRegex.users(localpartTemplate: "echo_{{.}}", server: "example.org") == "@echo_.*:example\\.org$")
        #expect(NamespaceRegex.users(localpartTemplate: "a.b+{{.}}", server: "[::1]:8448") == "@a\\.b\\+.*:\\[::1\\]:8448$")
    }

    @Test func aliasNamespaceComesFromTheNetworkTemplate() throws {
        var network = TestNetwork()
        network.aliasTemplate = "echo_{{.}}"
        let registration = RegistrationGenerator(network: network).registration(for: try Self.config())
        let aliases = try #require(registration.namespaces.aliases.first)
        #expect(aliases.exclusive)
        #expect(try Self.synapseMatches(aliases.regex, "#echo_room:example.org"))
        #expect(try !Self.synapseMatches(aliases.regex, "#echo_room:example.org.evil"))
    }

    @Test func networkWithoutAliasTemplateClaimsNoAliasesOrRooms() throws {
        let registration = RegistrationGenerator(network: TestNetwork()).registration(for: try Self.config())
        #expect(registration.namespaces.aliases.isEmpty)
        #expect(registration.namespaces.rooms.isEmpty)
    }

    @Test func registrationCarriesTheConfigAndTheFlagsForEncryption() throws {
        let registration = RegistrationGenerator(network: TestNetwork()).registration(for: try Self.config())
        #expect(registration.id == "echo")
        #expect(registration.url == "http://localhost:29333")
        #expect(registration.asToken == ConfigFixtures.asToken)
        #expect(registration.hsToken == ConfigFixtures.hsToken)
        #expect(registration.senderLocalpart == "echobot")
        #expect(registration.rateLimited == false)
        #expect(registration.protocols == ["echo"])
        #expect(registration.receiveEphemeral && registration.pushEphemeral && registration.msc3202 && registration.msc4190)
    }

    @Test func registrationYAMLHasExactlySynapsesKeys() throws {
        let registration = RegistrationGenerator(network: TestNetwork()).registration(for: try Self.config())
        let yaml = try RegistrationYAML.encode(registration, generatedBy: "test")
        let document = try #require(try YAMLNodeConversion.parse(yaml).objectValue)
        #expect(Set(document.keys) == [
            "id", "url", "as_token", "hs_token", "sender_localpart", "namespaces", "rate_limited", "protocols",
            "receive_ephemeral", "de.sorunome.msc2409.push_ephemeral", "org.matrix.msc3202", "io.element.msc4190",
        ])
        #expect(document["namespaces"]?.objectValue.map { Set($0.keys) } == ["users", "aliases", "rooms"])
        #expect(document["namespaces"]?["users"]?.arrayValue?.first == [
            "regex": "@echo_.*:example\\.org$", "exclusive": true,
        ])
        #expect(document["rate_limited"] == false)
        #expect(document["receive_ephemeral"] == true)
        #expect(document["de.sorunome.msc2409.push_ephemeral"] == true)
        #expect(document["org.matrix.msc3202"] == true)
        #expect(document["io.element.msc4190"] == true)
        #expect(document["as_token"] == .string(ConfigFixtures.asToken))
        #expect(document["url"] == "http://localhost:29333")
    }

    @Test func registrationYAMLReadsBackUnchanged() throws {
        var network = TestNetwork()
        network.aliasTemplate = "echo_{{.}}"
        let registration = RegistrationGenerator(network: network).registration(for: try Self.config())
        let yaml = try RegistrationYAML.encode(registration, generatedBy: "test")
        #expect(try RegistrationYAML.decode(yaml) == registration)
    }

    @Test func registrationWithoutURLWritesExplicitNull() throws {
        var registration = RegistrationGenerator(network: TestNetwork()).registration(for: try Self.config())
        registration.url = nil
        let document = try YAMLNodeConversion.parse(try RegistrationYAML.encode(registration, generatedBy: "test"))
        #expect(document["url"] == .null)
    }

    @Test func missingRateLimitedReadsAsSynapsesDefaultTrue() throws {
        let yaml = "id: x\nurl: null\nas_token: a\nhs_token: b\nsender_localpart: bot\nnamespaces: {}\n"
        let registration = try RegistrationYAML.decode(yaml)
        #expect(registration.rateLimited)
        #expect(registration.namespaces == .init())
    }

    @Test func registrationKeyListIsSynapsesSpelling() {
        #expect(AppserviceRegistration.keys == [
            "id", "url", "as_token", "hs_token", "sender_localpart", "namespaces", "rate_limited", "protocols",
            "receive_ephemeral", "de.sorunome.msc2409.push_ephemeral", "org.matrix.msc3202", "io.element.msc4190",
        ])
    }

    @Test func tokensAre64Base62CharactersAndDiffer() {
        let first = SecureToken.generate()
        let second = SecureToken.generate()
        #expect(first.count == 64)
        #expect(first.unicodeScalars.allSatisfy { $0.isASCII && CharacterSet.alphanumerics.contains($0) })
        #expect(first != second)
    }
}
