import NIOCore
import NIOPosix
import Synchronization

/// An IRC server that answers each line with what a test scripts, for IRCv3 features no server in
/// Debian offers (`draft/relaymsg`, which Ergo has). It follows the specification's wire format;
/// every line it receives is kept for the test to check.
final class ScriptedIRCServer: Sendable {
    let port: Int
    private let received = Mutex<[String]>([])
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)

    private init(port: Int) { self.port = port }

    /// Listens on a free loopback port; `respond` gets each line (without CR LF) and returns the lines to answer.
    static func start(respond: @escaping @Sendable (String) -> [String]) async throws -> ScriptedIRCServer {
        let listener = try await ServerBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .bind(host: "127.0.0.1", port: 0) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let server = ScriptedIRCServer(port: listener.channel.localAddress?.port ?? 0)
        let serving = Task<Void, Never> {
            _ = try? await listener.executeThenClose { connections in
                for try await connection in connections {
                    try? await connection.executeThenClose { input, output in
                        var pending: [UInt8] = []
                        for try await chunk in input {
                            pending += chunk.readableBytesView
                            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                                var line = String(decoding: pending[..<newline], as: UTF8.self)
                                pending.removeSubrange(...newline)
                                if line.hasSuffix("\r") { line.removeLast() }
                                server.received.withLock { $0.append(line) }
                                for answer in respond(line) { try await output.write(ByteBuffer(string: answer + "\r\n")) }
                            }
                        }
                    }
                }
            }
        }
        server.task.withLock { $0 = serving }
        return server
    }

    var lines: [String] { received.withLock { $0 } }

    /// Waits for a received line that satisfies `matches`.
    func waitForLine(timeout: Duration = .seconds(10), _ matches: (String) -> Bool) async throws -> String? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let line = lines.first(where: matches) { return line }
            try await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    func stop() { task.withLock { $0?.cancel() } }
}
