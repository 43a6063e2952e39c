import Foundation
import Pontoon
import PontoonMatrix
import PontoonTestSupport
import Testing

/// `double_puppet.secrets` is checked at start against the real Synapse with a second registration.
@Suite("Double-puppet secrets checked at start", .serialized, RigAvailability.synapseTrait)
struct DoublePuppetStartupTests {
    @Test func workingSecretLetsTheBridgeStart() async throws {
        let files = try BridgeFiles.generate(executable: "pontoon-echo")
        let doublePuppet = try DoublePuppetRegistration.write(in: files.directory)
        try setSecret("as_token:\(doublePuppet.asToken)", in: files)
        try await withSynapse(registration: files.registration, extraRegistrations: [doublePuppet.file], port: files.synapsePort) { _ in
            let bridge = try await RunningBridge.start(files: files)
            await bridge.stop()
        }
    }

    @Test func wrongSecretStopsTheBridgeNamingTheKey() async throws {
        let files = try BridgeFiles.generate(executable: "pontoon-echo")
        let doublePuppet = try DoublePuppetRegistration.write(in: files.directory)
        try setSecret("as_token:not-\(doublePuppet.asToken)", in: files)
        try await withSynapse(registration: files.registration, extraRegistrations: [doublePuppet.file], port: files.synapsePort) { _ in
            do {
                try BridgeFiles.run(try RepositoryPaths.executable("pontoon-echo"), ["-c", files.config.path])
                Issue.record("the bridge started with a double-puppet token the homeserver does not know")
            } catch {
                let output = "\(error)"
                #expect(output.contains("double_puppet.secrets.localhost"))
                #expect(!output.contains(doublePuppet.asToken))
            }
        }
    }

    private func setSecret(_ secret: String, in files: BridgeFiles) throws {
        let text = try YAMLLineEditor.set("double_puppet.secrets", raw: "{localhost: \"\(secret)\"}",
                                          in: try String(contentsOf: files.config, encoding: .utf8))
        try text.write(to: files.config, atomically: true, encoding: .utf8)
    }
}
