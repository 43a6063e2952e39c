import Foundation
@testable import Pontoon
import PontoonMatrix
import Testing

@Suite("-g writes tokens and the registration")
struct RegistrationGenerateTests {
    let generator = RegistrationGenerator(network: TestNetwork())

    func generate(in directory: TemporaryDirectory) throws -> RegistrationGenerator.Outcome {
        try generator.generate(configPath: directory.path("config.yaml"), registrationPath: directory.path("registration.yaml"))
    }

    @Test func generatesTokensIntoTheConfigAndKeepsEveryOtherLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let example = ExampleConfig.render(for: TestNetwork())
        try directory.write(example, to: "config.yaml")

        let outcome = try generate(in: directory)

        #expect(outcome.generatedTokens)
        let before = example.split(separator: "\n", omittingEmptySubsequences: false)
        let after = try directory.read("config.yaml").split(separator: "\n", omittingEmptySubsequences: false)
        #expect(before.count == after.count)
        for (old, new) in zip(before, after) where old != new {
            #expect(old.hasPrefix("  as_token: ") || old.hasPrefix("  hs_token: ") || old.hasPrefix("  pickle_key: "), "changed: \(old)")
        }
        let comments = after.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") }
        #expect(comments == before.filter { $0.trimmingCharacters(in: .whitespaces).hasPrefix("#") })
        #expect(after.contains("  as_token: \"\(outcome.registration.asToken)\""))
        #expect(after.contains("  hs_token: \"\(outcome.registration.hsToken)\""))
    }

    @Test func fillsInAMissingPickleKeyAndKeepsItAfterwards() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(ExampleConfig.render(for: TestNetwork()), to: "config.yaml")
        _ = try generate(in: directory)
        let first = try ConfigLoader.load(path: directory.path("config.yaml"), network: TestNetwork(), purpose: .run).config.encryption.pickleKey
        #expect(first.count == 64)
        _ = try generate(in: directory)
        let second = try ConfigLoader.load(path: directory.path("config.yaml"), network: TestNetwork(), purpose: .run).config.encryption.pickleKey
        #expect(second == first, "a second -g must not replace the key: the stored encryption state depends on it")
    }

    @Test func generatedTokensAreRandomAndDistinct() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(ExampleConfig.render(for: TestNetwork()), to: "config.yaml")
        let registration = try generate(in: directory).registration
        #expect(registration.asToken.count == 64)
        #expect(registration.hsToken.count == 64)
        #expect(registration.asToken != registration.hsToken)
    }

    @Test func runningTwiceKeepsTheTokensAndTheConfig() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(ExampleConfig.render(for: TestNetwork()), to: "config.yaml")
        let first = try generate(in: directory)
        let configAfterFirst = try directory.read("config.yaml")
        let registrationAfterFirst = try directory.read("registration.yaml")

        let second = try generate(in: directory)

        #expect(!second.generatedTokens)
        #expect(second.registration == first.registration)
        #expect(try directory.read("config.yaml") == configAfterFirst)
        #expect(try directory.read("registration.yaml") == registrationAfterFirst)
    }

    @Test func configWithTokensIsReusedAndNotRewritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(ConfigFixtures.minimal, to: "config.yaml")
        let outcome = try generate(in: directory)
        #expect(!outcome.generatedTokens)
        #expect(outcome.registration.asToken == ConfigFixtures.asToken)
        #expect(try directory.read("config.yaml") == ConfigFixtures.minimal)
    }

    @Test func writtenConfigAndRegistrationAreReadableByTheOwnerOnly() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(ExampleConfig.render(for: TestNetwork()), to: "config.yaml")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: directory.path("config.yaml"))
        _ = try generate(in: directory)
        #expect(PrivateFile.permissions(of: directory.path("config.yaml")) == 0o600)
        #expect(PrivateFile.permissions(of: directory.path("registration.yaml")) == 0o600)
    }

    @Test func registrationFileMatchesTheConfig() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write(ExampleConfig.render(for: TestNetwork()), to: "config.yaml")
        let outcome = try generate(in: directory)
        let written = try RegistrationYAML.decode(directory.read("registration.yaml"))
        let config = try ConfigLoader.load(path: directory.path("config.yaml"), network: TestNetwork()).config
        #expect(written == outcome.registration)
        #expect(written.asToken == config.appservice.asToken)
        #expect(written.hsToken == config.appservice.hsToken)
    }

    @Test func onlyTheMissingTokenIsGenerated() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = ConfigFixtures.minimal.replacingOccurrences(of: "  hs_token: \(ConfigFixtures.hsToken)\n", with: "")
        try directory.write(text, to: "config.yaml")
        let outcome = try generate(in: directory)
        #expect(outcome.generatedTokens)
        #expect(outcome.registration.asToken == ConfigFixtures.asToken)
        #expect(outcome.registration.hsToken.count == 64)
    }

    @Test func flowStyleAppserviceSectionIsRefusedAndLeftAlone() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let text = "homeserver: {address: http://localhost:8008, domain: example.org}\nappservice: {address: http://localhost:29333}\n"
        try directory.write(text, to: "config.yaml")
        #expect {
            try generate(in: directory)
        } throws: { error in
            guard let failure = error as? RegistrationGenerator.Failure, case .tokensNotWritable = failure else { return false }
            return true
        }
        #expect(try directory.read("config.yaml") == text)
        #expect(!FileManager.default.fileExists(atPath: directory.path("registration.yaml")))
    }

    @Test func invalidConfigIsReportedAndNothingIsWritten() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("homeserver:\n  domain: example.org\n", to: "config.yaml")
        #expect {
            try generate(in: directory)
        } throws: { error in
            guard let failure = error as? RegistrationGenerator.Failure, case .config(let configError) = failure else { return false }
            return configError.problems.map(\.key) == ["homeserver.address", "appservice"]
        }
        #expect(!FileManager.default.fileExists(atPath: directory.path("registration.yaml")))
    }
}

@Suite("Token writer")
struct ConfigTokenWriterTests {
    @Test func keepsATrailingCommentAndQuotes() throws {
        let text = "appservice:\n  as_token: '' # set by -g\n  hs_token: \"x # not a comment\"   # real comment\n"
        let updated = try ConfigTokenWriter.settingTokens(in: text, asToken: "A", hsToken: "B")
        #expect(updated == "appservice:\n  as_token: \"A\" # set by -g\n  hs_token: \"B\" # real comment\n")
    }

    @Test func insertsMissingKeysAtTheSectionsIndentation() throws {
        let text = "appservice:\n    address: http://x\nbridge: {}\n"
        let updated = try ConfigTokenWriter.settingTokens(in: text, asToken: "A", hsToken: "B")
        let document = try YAMLNodeConversion.parse(updated)
        #expect(document["appservice"] == ["address": "http://x", "as_token": "A", "hs_token": "B"])
    }

    @Test func onlyTouchesTheAppserviceSection() throws {
        let text = "other:\n  as_token: keep\nappservice:\n  as_token: old\n  hs_token: old\nlater:\n  hs_token: keep\n"
        let updated = try ConfigTokenWriter.settingTokens(in: text, asToken: "A", hsToken: "B")
        #expect(updated == "other:\n  as_token: keep\nappservice:\n  as_token: \"A\"\n  hs_token: \"B\"\nlater:\n  hs_token: keep\n")
    }

    @Test func keepsWindowsLineEndings() throws {
        let text = "appservice:\r\n  as_token: \"\"\r\n  hs_token: \"\"\r\n"
        let updated = try ConfigTokenWriter.settingTokens(in: text, asToken: "A", hsToken: "B")
        #expect(updated == "appservice:\r\n  as_token: \"A\"\r\n  hs_token: \"B\"\r\n")
    }

    @Test func ignoresNestedKeysOfTheSameName() throws {
        let text = "appservice:\n  bot:\n    as_token: nested\n  as_token: top\n  hs_token: top\n"
        let updated = try ConfigTokenWriter.settingTokens(in: text, asToken: "A", hsToken: "B")
        #expect(updated.contains("    as_token: nested\n"))
        #expect(updated.contains("  as_token: \"A\"\n"))
    }

    @Test func setsThePickleKeyInTheEncryptionSectionOnly() throws {
        let text = "appservice:\n  as_token: a\nencryption:\n  allow: true\n  pickle_key: \"\" # -g fills it\nlogging: {}\n"
        let updated = try ConfigTokenWriter.settingValues([("pickle_key", "K")], inSection: "encryption", of: text)
        #expect(updated == "appservice:\n  as_token: a\nencryption:\n  allow: true\n  pickle_key: \"K\" # -g fills it\nlogging: {}\n")
        #expect(throws: ConfigTokenWriter.MissingSection.self) {
            try ConfigTokenWriter.settingValues([("pickle_key", "K")], inSection: "encryption", of: "appservice:\n  as_token: a\n")
        }
    }
}
