import Hummingbird
import Logging
import ServiceLifecycle

/// Serves a Hummingbird router on 127.0.0.1 for the length of a closure: the fake Twilio API, and
/// the webhook listeners tests put in front of it.
public enum LocalHTTPServer {
    /// Runs `router` on a port from ``FreePort`` until `body` returns or throws, then stops the
    /// server and waits for it. `body` gets the port once the server accepts connections.
    ///
    /// The server runs in its own service group, shut down gracefully on every exit path (idle
    /// keep-alive connections are closed, a request in flight is finished) and cancelled if that
    /// takes longer than ``shutdownGrace``. A port lost to a race is retried with another.
    public static func serve<T: Sendable>(
        _ router: Router<BasicRequestContext>, label: String = "pontoon.test.local-http",
        _ body: (_ port: Int) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: label)
        logger.logLevel = .warning
        var lastError: (any Error)?
        for _ in 0..<3 {
            let port = try FreePort.find()
            let (started, startSignal) = AsyncStream<Void>.makeStream()
            let app = Application(
                router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)),
                onServerRunning: { _ in startSignal.yield() }, logger: logger)
            let group = ServiceGroup(configuration: .init(services: [app], gracefulShutdownSignals: [], logger: logger))
            let server = Task {
                defer { startSignal.finish() }
                try await group.run()
            }
            var signals = started.makeAsyncIterator()
            guard await signals.next() != nil else {
                // Stopped before listening: most likely the port was taken between check and bind.
                lastError = await server.result.thrownError ?? RigError.failed("\(label) stopped before it listened")
                continue
            }
            do {
                let result = try await body(port)
                await stop(server, group)
                return result
            } catch {
                await stop(server, group)
                throw error
            }
        }
        throw lastError ?? RigError.failed("\(label) did not start")
    }

    /// How long a graceful shutdown may take before the server is cancelled.
    public static let shutdownGrace: Duration = .seconds(5)

    private static func stop(_ server: Task<Void, any Error>, _ group: ServiceGroup) async {
        await group.triggerGracefulShutdown()
        let deadline = Task {
            try await Task.sleep(for: shutdownGrace)
            server.cancel()
        }
        _ = await server.result
        deadline.cancel()
    }
}

private extension Result {
    var thrownError: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
