import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PontoonSMS
import PontoonTestSupport
import Synchronization

/// A small HTTP server on a free loopback port standing in for the bridge's webhooks: it
/// records every request Kannel makes (`get-url` MOs, `dlr-url` reports) and answers 200 with
/// an empty body, as the bridge does.
final class KannelTestListener: Sendable {
    struct Request: Sendable, Hashable {
        var path: String
        /// The raw query, percent-escapes as Kannel wrote them.
        var query: String
        var parameters: FormParameters { FormParameters(parsing: query) }
    }

    let port: Int
    private let requests = Mutex<[Request]>([])

    init(port: Int) {
        self.port = port
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Runs `body` with a listener that stops when `body` returns or throws.
    static func run<T: Sendable>(_ body: @Sendable (KannelTestListener) async throws -> T) async throws -> T {
        let recorder = Mutex<KannelTestListener?>(nil)
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let path = request.head.path ?? "/"
            let (route, query) = path.firstIndex(of: "?").map { (String(path[..<$0]), String(path[path.index(after: $0)...])) } ?? (path, "")
            recorder.withLock { $0 }?.requests.withLock { $0.append(Request(path: route, query: query)) }
            return Response(status: .ok)
        }
        var logger = Logger(label: "pontoon.test.kannel-listener")
        logger.logLevel = .warning
        let app = Application(responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        return try await app.test(.live) { client in
            guard let port = client.port else { throw RigError.failed("the test listener has no port") }
            let listener = KannelTestListener(port: port)
            recorder.withLock { $0 = listener }
            return try await body(listener)
        }
    }

    /// The first request to `path` matching `predicate`, waiting up to `timeout`.
    func waitForRequest(path: String, timeout: Duration = .seconds(20),
                        where predicate: @Sendable (Request) -> Bool = { _ in true }) async throws -> Request {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = requests.withLock({ $0.first { $0.path == path && predicate($0) } }) { return found }
            guard ContinuousClock.now < deadline else {
                throw RigError.timeout("no request to \(path); got \(requests.withLock { $0.map { $0.path + "?" + $0.query } })")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
    }

    func requests(path: String) -> [Request] {
        requests.withLock { $0.filter { $0.path == path } }
    }
}
