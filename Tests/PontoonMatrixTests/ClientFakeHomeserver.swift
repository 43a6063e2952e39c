import AsyncHTTPClient
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import PontoonMatrix
import Synchronization

/// A request as the fake homeserver saw it, with the path and query still percent-encoded.
struct RecordedRequest: Sendable {
    let method: HTTPRequest.Method
    /// The raw path, without the query.
    let rawPath: String
    /// The raw query string ("" when there is none).
    let rawQuery: String
    let headers: HTTPFields
    let body: ByteBuffer

    /// The decoded values of query parameter `name`.
    func queryValues(_ name: String) -> [String] {
        rawQuery.split(separator: "&").compactMap { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, parts[0].removingPercentEncoding == name else { return nil }
            return parts[1].removingPercentEncoding
        }
    }

    var jsonBody: JSONValue? { try? JSONDecoder().decode(JSONValue.self, from: Data(buffer: body)) }
}

/// What the fake homeserver answers.
struct FakeReply: Sendable {
    var status: HTTPResponse.Status
    var body: String
    var headers: HTTPFields = [.contentType: "application/json"]

    static func json(_ status: HTTPResponse.Status = .ok, _ body: String) -> FakeReply {
        FakeReply(status: status, body: body)
    }

    static func matrixError(_ status: HTTPResponse.Status, _ errcode: String, _ message: String = "") -> FakeReply {
        .json(status, #"{"errcode":"\#(errcode)","error":"\#(message)"}"#)
    }
}

/// Every request the fake homeserver received, in order.
final class RequestLog: Sendable {
    private let storage = Mutex<[RecordedRequest]>([])

    /// Records `request` and returns how many requests came before it.
    func append(_ request: RecordedRequest) -> Int {
        storage.withLock { requests in
            requests.append(request)
            return requests.count - 1
        }
    }

    var requests: [RecordedRequest] { storage.withLock { $0 } }
    var count: Int { storage.withLock { $0.count } }
}

enum FakeHomeserver {
    static let asToken = "as_secret_token_6f1c"
    static let bot: UserID = "@bridgebot:example.org"
    static let ghost: UserID = "@irc_alice:example.org"

    /// Retries without noticeable waiting, so failure paths run in milliseconds.
    static let fastRetries = RetryPolicy(
        maxAttempts: 6, initialDelay: .milliseconds(1), maxDelay: .milliseconds(20), jitter: .none)

    /// Runs `body` against a local fake homeserver that answers every request with `reply(request, index)`,
    /// where `index` counts the requests received before this one.
    static func run(
        retryPolicy: RetryPolicy = fastRetries,
        logger: Logger = Logger(label: "pontoon.test.client"),
        reply: @escaping @Sendable (RecordedRequest, Int) -> FakeReply,
        _ body: @escaping @Sendable (HomeserverClient, RequestLog) async throws -> Void
    ) async throws {
        let log = RequestLog()
        let responder = CallbackResponder<BasicRequestContext> { request, _ in
            let collected = try await request.body.collect(upTo: 16 << 20)
            let fullPath = request.head.path ?? "/"
            let (rawPath, rawQuery) = split(fullPath)
            let recorded = RecordedRequest(
                method: request.method, rawPath: rawPath, rawQuery: rawQuery, headers: request.headers, body: collected)
            let answer = reply(recorded, log.append(recorded))
            return Response(status: answer.status, headers: answer.headers,
                body: .init(byteBuffer: ByteBuffer(string: answer.body)))
        }
        var serverLogger = Logger(label: "pontoon.test.fake-homeserver")
        serverLogger.logLevel = .warning
        let app = Application(
            responder: responder, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: serverLogger)
        try await app.test(.live) { testClient in
            guard let port = testClient.port, let url = URL(string: "http://localhost:\(port)") else {
                throw FakeHomeserverError.noPort
            }
            let client = HomeserverClient(
                homeserverURL: url, asToken: asToken, appserviceID: "pontoon-test", botUserID: bot,
                httpClient: HTTPClient.shared, retryPolicy: retryPolicy, requestTimeout: .seconds(10), logger: logger)
            try await body(client, log)
        }
    }

    private static func split(_ path: String) -> (String, String) {
        guard let question = path.firstIndex(of: "?") else { return (path, "") }
        return (String(path[..<question]), String(path[path.index(after: question)...]))
    }
}

enum FakeHomeserverError: Error {
    case noPort
}
