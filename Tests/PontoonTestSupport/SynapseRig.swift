import Foundation

/// A real Synapse 1.163 on a free loopback port, with the given appservice registration installed.
///
/// Use ``withSynapse(registration:_:)`` so Synapse is stopped on every path, also when a test
/// fails; if the test process itself dies, the Python launcher notices and stops Synapse.
public final class SynapseRig: StoppableRig {
    /// The client-server base URL, e.g. `http://127.0.0.1:41234`.
    public let url: URL
    /// The homeserver's server name.
    public let serverName: String
    /// The folder with homeserver.yaml, the SQLite database and `synapse.out`.
    public let directory: URL
    private let launcher: ChildProcess

    private init(url: URL, serverName: String, directory: URL, launcher: ChildProcess) {
        self.url = url
        self.serverName = serverName
        self.directory = directory
        self.launcher = launcher
    }

    /// Starts Synapse with the registration file at `registration` and waits until it answers.
    public static func start(
        registration: URL, extraRegistrations: [URL] = [], serverName: String = "localhost", port: Int? = nil
    ) async throws -> SynapseRig {
        guard RigAvailability.hasSynapse else {
            throw RigError.missing("Synapse venv at \(RepositoryPaths.venvPython.path): run scripts/test.sh")
        }
        let directory = try RepositoryPaths.scratchDirectory("synapse")
        let port = try port ?? FreePort.find()
        let launcher = try ChildProcess(
            executable: RepositoryPaths.venvPython,
            arguments: [RepositoryPaths.rigScript("synapse_rig.py").path, "--dir", directory.path,
                        "--port", "\(port)", "--registration", registration.path, "--server-name", serverName]
                + extraRegistrations.flatMap { ["--registration", $0.path] },
            stderrTo: directory.appendingPathComponent("launcher.err"))
        let ready = try await firstLine(of: launcher, timeout: .seconds(90))
        guard ready.hasPrefix("READY "), let url = URL(string: String(ready.dropFirst("READY ".count))) else {
            await launcher.stop()
            let log = (try? String(contentsOf: directory.appendingPathComponent("synapse.out"), encoding: .utf8)) ?? ""
            throw RigError.failed("Synapse did not start (\(ready)):\n\(log.suffix(3000))")
        }
        return SynapseRig(url: url, serverName: serverName, directory: directory, launcher: launcher)
    }

    /// Stops Synapse (SIGTERM, then SIGKILL after a grace period).
    public func stop() async {
        await launcher.stop()
    }

    private static func firstLine(of process: ChildProcess, timeout: Duration) async throws -> String {
        try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                for await line in process.lines { return line }
                return "EXITED"
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                throw RigError.timeout("Synapse start")
            }
            let first = try await group.next() ?? "EXITED"
            group.cancelAll()
            return first
        }
    }
}

/// Runs `body` with a fresh Synapse and stops it afterwards, whether `body` succeeds or throws.
public func withSynapse<T: Sendable>(
    registration: URL, extraRegistrations: [URL] = [], serverName: String = "localhost", port: Int? = nil,
    _ body: (SynapseRig) async throws -> T
) async throws -> T {
    let rig = try await SynapseRig.start(registration: registration, extraRegistrations: extraRegistrations, serverName: serverName, port: port)
    return try await stopping(rig, after: body)
}
