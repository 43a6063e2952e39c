import Foundation
import PontoonTestSupport
import Testing

/// The README's "try it" command keeps working: the scripted demo plays its whole conversation.
@Suite("The echo demo", .serialized, RigAvailability.synapseTrait)
struct EchoDemoTests {
    @Test func scriptedDemoPlaysTheWholeConversation() throws {
        let output = try BridgeFiles.run(RepositoryPaths.venvPython, [
            RepositoryPaths.rigScript("echo_demo.py").path, "--bridge", try RepositoryPaths.executable("pontoon-echo").path, "--script",
        ])
        #expect(output.contains("bot: Logged in as **demo**."))
        #expect(output.contains("@echo_echo:localhost: hello from Matrix"))
        #expect(output.contains("edits its message to: (edited) hello from Matrix"))
        #expect(output.contains("Transcript done."))
    }
}
