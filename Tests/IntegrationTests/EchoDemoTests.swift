import Foundation
import PontoonTestSupport
import Testing

/// The README's "try it" command keeps working: the scripted demo plays its whole conversation.
@Suite("The echo demo", .serialized, RigAvailability.synapseTrait)
struct EchoDemoTests {
    @Test func scriptedDemoPlaysTheWholeConversation() throws {
        // Its own directory, so a demo someone runs by hand in .rig/demo is left alone.
        let directory = try RepositoryPaths.scratchDirectory("echo-demo")
        let output = try BridgeFiles.run(RepositoryPaths.venvPython, [
            RepositoryPaths.rigScript("echo_demo.py").path, "--bridge", try RepositoryPaths.executable("pontoon-echo").path,
            "--script", "--dir", directory.path,
        ])
        #expect(output.contains("bot: Logged in as **demo**."))
        #expect(output.contains("@echo_echo:localhost: hello from Matrix"))
        #expect(output.contains("edits its message to: (edited) hello from Matrix"))
        #expect(output.contains("Transcript done."))
    }
}
