import ArgumentParser
import Foundation
@testable import Pontoon
import Synchronization
import Testing

/// Collects what the CLI prints.
final class CapturedOutput: Sendable {
    private let standardLines = Mutex<[String]>([])
    private let errorLines = Mutex<[String]>([])

    var output: BridgeCLI.Output {
        BridgeCLI.Output(
            standard: { line in self.standardLines.withLock { $0.append(line) } },
            error: { line in self.errorLines.withLock { $0.append(line) } }
        )
    }

    var standard: [String] { standardLines.withLock { $0 } }
    var errors: [String] { errorLines.withLock { $0 } }
}

@Suite("Command line")
struct CLITests {
    func options(_ arguments: [String]) throws -> BridgeOptions {
        try BridgeOptions.parse(arguments)
    }

    func execute(_ arguments: [String], captured: CapturedOutput,
                 run: @Sendable (BridgeCLI.Launch) async throws -> Void = { _ in }) async throws -> BridgeExitCode {
        await BridgeCLI.execute(try options(arguments), network: TestNetwork(), output: captured.output, bootstrap: false, run: run)
    }

    @Test func defaultsFollowTheMautrixConvention() throws {
        let parsed = try options([])
        #expect(parsed.config == "config.yaml")
        #expect(parsed.registration == "registration.yaml")
        #expect(!parsed.generateRegistration && !parsed.generateExampleConfig && !parsed.version)
    }

    @Test func shortAndLongFlagsParse() throws {
        let short = try options(["-c", "a.yaml", "-r", "b.yaml", "-g"])
        #expect(short.config == "a.yaml" && short.registration == "b.yaml" && short.generateRegistration)
        let long = try options(["--config", "a.yaml", "--registration", "b.yaml", "--generate-example-config"])
        #expect(long.config == "a.yaml" && long.registration == "b.yaml" && long.generateExampleConfig)
        #expect(try options(["--version"]).version)
    }

    @Test func exampleAndRegistrationTogetherAreAUsageError() {
        #expect(throws: (any Error).self) { try BridgeOptions.parse(["-e", "-g"]) }
        let error = Result { try BridgeOptions.parse(["-e", "-g"]) }
        if case .failure(let failure) = error {
            #expect(BridgeOptions.exitCode(for: failure).rawValue == BridgeExitCode.usage.rawValue)
        }
    }

    @Test func unknownFlagIsAUsageError() {
        let error = Result { try BridgeOptions.parse(["--frobnicate"]) }
        guard case .failure(let failure) = error else {
            Issue.record("expected a parse error")
            return
        }
        #expect(BridgeOptions.exitCode(for: failure).rawValue == BridgeExitCode.usage.rawValue)
    }

    @Test func versionPrintsTheNetworksVersion() async throws {
        let captured = CapturedOutput()
        #expect(try await execute(["--version"], captured: captured) == .success)
        #expect(captured.standard == ["Echo bridge 1.2.3 (Pontoon)"])
    }

    @Test func exampleIsWrittenPrivatelyAndNeverOverwritten() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("config.yaml")
        let captured = CapturedOutput()

        #expect(try await execute(["-e", "-c", path], captured: captured) == .success)
        #expect(try directory.read("config.yaml") == ExampleConfig.render(for: TestNetwork()))
        #expect(PrivateFile.permissions(of: path) == 0o600)

        try directory.write("mine\n", to: "config.yaml")
        #expect(try await execute(["-e", "-c", path], captured: captured) == .cantCreate)
        #expect(try directory.read("config.yaml") == "mine\n")
        #expect(captured.errors.last?.contains("already exists") == true)
    }

    @Test func generateRegistrationPrintsWhatToAddToHomeserverYAML() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let captured = CapturedOutput()
        try directory.write(ExampleConfig.render(for: TestNetwork()), to: "config.yaml")

        let code = try await execute(["-g", "-c", directory.path("config.yaml"), "-r", directory.path("registration.yaml")], captured: captured)

        #expect(code == .success)
        #expect(captured.standard.suffix(2) == ["app_service_config_files:", "  - \(directory.path("registration.yaml"))"])
        #expect(FileManager.default.fileExists(atPath: directory.path("registration.yaml")))
    }

    @Test func missingConfigExitsWithConfigErrorAndSuggestsE() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let captured = CapturedOutput()
        let code = try await execute(["-c", directory.path("config.yaml")], captured: captured)
        #expect(code == .config)
        #expect(code.rawValue == 78)
        #expect(captured.errors.count == 1)
        #expect(captured.errors.first?.contains("-e") == true)
    }

    @Test func invalidConfigPrintsOneLinePerProblem() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let captured = CapturedOutput()
        try directory.write("database:\n  type: mysql\n", to: "config.yaml")
        let code = try await execute(["-c", directory.path("config.yaml")], captured: captured)
        #expect(code == .config)
        #expect(captured.errors.count == 3)
        #expect(captured.errors.contains { $0.hasSuffix("database.type: must be one of sqlite, postgres") })
    }

    @Test func validConfigIsHandedToTheRuntime() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let captured = CapturedOutput()
        try directory.write(ConfigFixtures.minimal + "metrics:\n  enabled: true\n  listen: 127.0.0.1:9101\n", to: "config.yaml")
        let seen = Mutex<BridgeCLI.Launch?>(nil)

        let code = try await execute(["-c", directory.path("config.yaml")], captured: captured) { launch in
            seen.withLock { $0 = launch }
        }

        #expect(code == .success)
        let launch = try #require(seen.withLock { $0 })
        #expect(launch.config.homeserver.domain == "example.org")
        #expect(launch.configPath == directory.path("config.yaml"))
        #expect(launch.metricsServer?.port == 9101)
        #expect(launch.metricsRegistry != nil)
    }

    @Test func runtimeFailureExitsWithFailure() async throws {
        struct Boom: Error {}
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let captured = CapturedOutput()
        try directory.write(ConfigFixtures.minimal, to: "config.yaml")
        let code = try await execute(["-c", directory.path("config.yaml")], captured: captured) { _ in throw Boom() }
        #expect(code == .failure)
        #expect(captured.errors.count == 1)
    }
}
