import Foundation
@testable import PontoonEcho
import PontoonTestSupport
import Testing

/// The echo network's history file is outside input too: a line cut short by a crash, or garbage,
/// must not stop the bridge or lose the lines around it.
@Suite("Echo server history")
struct EchoServerHistoryTests {
    @Test func unreadableLinesAreSkippedAndIDsContinue() throws {
        let directory = try RepositoryPaths.scratchDirectory("echo-history")
        let path = directory.appendingPathComponent("history.jsonl").path
        let good = #"{"op":"message","id":"1","chat":"dm:echo","receiver":"alice","sender":"echo","text":"hi"}"#
        let text = good + "\n" + "{\"op\":\"mess" + "\n" + "\u{0}\u{1}not json\n" + #"{"op":"explode","id":"2"}"# + "\n"
        try text.write(toFile: path, atomically: true, encoding: .utf8)

        let server = try EchoServer(path: path)
        #expect(server.messages { _ in true }.map(\.text) == ["hi"])
        let stored = try server.append([EchoRecord(op: .message, id: "", chat: "dm:echo", receiver: "alice", sender: "alice",
                                                   text: "again", key: "$event")])
        #expect(stored.first?.id != "1")
        #expect(server.message(forKey: "$event") == stored.first?.id)

        // Reloaded, the new line is there and the key still finds it.
        let reloaded = try EchoServer(path: path)
        #expect(reloaded.messages { _ in true }.map(\.text) == ["hi", "again"])
        #expect(reloaded.message(forKey: "$event") == stored.first?.id)
    }

    @Test func aLineTornByACrashIsCutOffSoTheNextAppendStaysReadable() throws {
        let directory = try RepositoryPaths.scratchDirectory("echo-history")
        let path = directory.appendingPathComponent("history.jsonl").path
        let good = ##"{"op":"message","id":"1","chat":"#g","receiver":"","sender":"echo","text":"kept"}"##
        try (good + "\n" + ##"{"op":"message","id":"2","chat":"#g","te"##).write(toFile: path, atomically: true, encoding: .utf8)

        _ = try EchoServer(path: path).append([EchoRecord(op: .message, id: "", chat: "#g", text: "after the crash")])
        #expect(try EchoServer(path: path).messages { _ in true }.map(\.text) == ["kept", "after the crash"])
    }

    @Test func deletedMessagesAreNotReportedAgain() throws {
        let directory = try RepositoryPaths.scratchDirectory("echo-history")
        let server = try EchoServer(path: directory.appendingPathComponent("history.jsonl").path)
        let stored = try server.append([EchoRecord(op: .message, id: "", chat: "#g", text: "gone")])
        _ = try server.append([EchoRecord(op: .delete, id: stored[0].id)])
        #expect(server.messages { _ in true }.isEmpty)
    }
}
