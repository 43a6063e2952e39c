import Hummingbird
import Logging

/// Serves a Hummingbird router on 127.0.0.1 for the length of a closure: the fake Twilio API, and
/// the webhook listeners tests put in front of it.
public enum LocalHTTPServer {
    /// Runs `router` on a port from ``FreePort`` until `body` returns or throws, then stops the
    /// server and waits for it. `body` gets the port once the server accepts connections.
    ///
    /// The server runs in a child task that is cancelled on every exit path (cancellation closes
    /// the listener and its connections at once; graceful shutdown would wait for the keep-alive
    /// connections of a shared HTTP client). A port lost to a race is retried with another.
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
            let server = Task {
                defer { startSignal.finish() }
                try await app.run()
            }
            var signals = started.makeAsyncIterator()
            guard await signals.next() != nil else {
                // Stopped before listening: most likely the port was taken between check and bind.
                lastError = await server.result.thrownError ?? RigError.failed("\(label) stopped before it listened")
                continue
            }
            do {
                let result = try await body(port)
                await stop(server)
                return result
            } catch {
                await stop(server)
                throw error
            }
        }
        throw lastError ?? RigError.failed("\(label) did not start")
    }

    private static func stop(_ server: Task<Void, any Error>) async {
        server.cancel()
        _ = await server.result
    }
}

private extension Result {
    var thrownError: Failure? {
        if case .failure(let error) = self { return error }
        return nil
    }
}
