import Foundation
import Synchronization

/// A child process whose stdout is read line by line, for the rig's Python helpers.
///
/// Reading happens on a dedicated thread because FileHandle's async byte streams don't exist on
/// Linux; lines arrive through an `AsyncStream`.
public final class ChildProcess: Sendable {
    private let process: Process
    private let stdin: FileHandle
    /// Lines the child printed on stdout, without the newline; finishes when stdout closes.
    public let lines: AsyncStream<String>

    public init(executable: URL, arguments: [String], environment: [String: String] = [:], stderrTo logFile: URL? = nil) throws {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let input = Pipe()
        let output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        if let logFile {
            FileManager.default.createFile(atPath: logFile.path, contents: nil)
            process.standardError = try FileHandle(forWritingTo: logFile)
        } else {
            process.standardError = FileHandle.standardError
        }
        let (stream, continuation) = AsyncStream.makeStream(of: String.self)
        self.lines = stream
        self.process = process
        self.stdin = input.fileHandleForWriting
        try process.run()
        let reader = output.fileHandleForReading
        Thread.detachNewThread {
            var buffer = Data()
            while true {
                let chunk = reader.availableData
                if chunk.isEmpty { break }
                buffer.append(chunk)
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    let line = String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self)
                    buffer.removeSubrange(buffer.startIndex...newline)
                    continuation.yield(line)
                }
            }
            continuation.finish()
        }
    }

    /// Writes one line to the child's stdin.
    public func send(line: String) throws {
        try stdin.write(contentsOf: Data((line + "\n").utf8))
    }

    /// The child's pid.
    public var pid: Int32 { process.processIdentifier }

    /// Whether the child still runs.
    public var isRunning: Bool { process.isRunning }

    /// Closes stdin, asks the child to stop (SIGTERM), and waits up to `timeout` before SIGKILL.
    public func stop(timeout: Duration = .seconds(15)) async {
        try? stdin.close()
        guard isRunning else { return }
        process.terminate()
        if !(await waitForExit(timeout: timeout)) { kill(process.processIdentifier, SIGKILL) }
    }

    /// Waits up to `timeout` for the child to exit; whether it did.
    @discardableResult
    public func waitForExit(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while isRunning {
            guard ContinuousClock.now < deadline else { return false }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }
}
