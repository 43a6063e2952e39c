import NIOCore
import NIOPosix
import Synchronization

/// A plain IRC client over a socket for tests: it writes exactly the bytes a test gives it (so a
/// test can also send hostile lines) and keeps every line it receives, answering PINGs by itself.
public final class RawIRCClient: Sendable {
    private let channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>
    private let outbound: Mutex<NIOAsyncChannelOutboundWriter<ByteBuffer>?> = Mutex(nil)
    private let received = Mutex<[String]>([])
    private let reader: Mutex<Task<Void, Never>?> = Mutex(nil)
    /// The nick this client registered with.
    public let nick: String

    private init(channel: NIOAsyncChannel<ByteBuffer, ByteBuffer>, nick: String) {
        self.channel = channel
        self.nick = nick
    }

    /// Connects to `port` on loopback, registers as `nick` (requesting `capabilities` when given)
    /// and waits for the end of the MOTD.
    public static func connect(port: Int, nick: String, capabilities: [String] = []) async throws -> RawIRCClient {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try NIOAsyncChannel<ByteBuffer, ByteBuffer>(wrappingChannelSynchronously: channel)
                }
            }
        let client = RawIRCClient(channel: channel, nick: nick)
        await client.startReading()
        if !capabilities.isEmpty { try await client.send("CAP REQ :\(capabilities.joined(separator: " "))") }
        try await client.send("NICK \(nick)")
        try await client.send("USER \(nick) 0 * :\(nick)")
        if !capabilities.isEmpty { try await client.send("CAP END") }
        _ = try await client.waitForLine(timeout: .seconds(15)) { $0.contains(" 376 ") || $0.contains(" 422 ") }
        return client
    }

    /// Writes `line` followed by CR LF, byte for byte.
    public func send(_ line: String) async throws {
        guard let outbound = outbound.withLock({ $0 }) else { throw RigError.failed("IRC client \(nick) is closed") }
        try await outbound.write(ByteBuffer(string: line + "\r\n"))
    }

    /// Writes raw bytes (for lines with bare CR, NUL or invalid UTF-8).
    public func sendBytes(_ bytes: [UInt8]) async throws {
        guard let outbound = outbound.withLock({ $0 }) else { throw RigError.failed("IRC client \(nick) is closed") }
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    /// Every line received so far.
    public var lines: [String] { received.withLock { $0 } }

    /// Waits for a received line (including ones already received) that satisfies `matches`.
    public func waitForLine(timeout: Duration = .seconds(60), _ matches: (String) -> Bool) async throws -> String {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = lines.first(where: matches) { return line }
            guard ContinuousClock.now < deadline else {
                throw RigError.timeout("IRC line not received by \(nick); last lines:\n\(lines.suffix(15).joined(separator: "\n"))")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Waits for the `count`-th line after `index` matching, returning all matching lines from `index` on.
    public func waitForLines(from index: Int = 0, count: Int, timeout: Duration = .seconds(60),
                             _ matches: (String) -> Bool) async throws -> [String] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let found = lines.dropFirst(index).filter(matches)
            if found.count >= count { return Array(found) }
            guard ContinuousClock.now < deadline else {
                throw RigError.timeout("\(found.count) of \(count) IRC lines received by \(nick)")
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Sends QUIT and closes the socket.
    public func close() async {
        try? await send("QUIT :bye")
        outbound.withLock { $0?.finish() }
        reader.withLock { $0?.cancel() }
        try? await channel.channel.close()
    }

    /// Reads in the background; returns once the writer is available.
    private func startReading() async {
        await withCheckedContinuation { (started: CheckedContinuation<Void, Never>) in
            let task = Task {
                do {
                    try await channel.executeThenClose { inbound, outbound in
                        self.outbound.withLock { $0 = outbound }
                        started.resume()
                        try await self.read(inbound)
                    }
                } catch {}
            }
            reader.withLock { $0 = task }
        }
    }

    private func read(_ inbound: NIOAsyncChannelInboundStream<ByteBuffer>) async throws {
        var pending: [UInt8] = []
        for try await buffer in inbound {
            pending.append(contentsOf: buffer.readableBytesView)
            while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                var lineBytes = pending[..<newline]
                if lineBytes.last == UInt8(ascii: "\r") { lineBytes = lineBytes.dropLast() }
                let line = String(decoding: lineBytes, as: UTF8.self)
                pending.removeSubrange(...newline)
                if line.hasPrefix("PING ") {
                    try? await send("PONG " + line.dropFirst(5))
                }
                received.withLock { $0.append(line) }
            }
        }
    }
}
