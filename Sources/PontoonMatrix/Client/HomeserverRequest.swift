import AsyncHTTPClient
import NIOCore
import NIOHTTP1

/// Which failures of a call may be retried, decided by what a repeat could do on the server.
enum RequestRetryClass: Sendable {
    /// Repeating has the same effect as sending once: GETs, PUTs (a `PUT …/{txnId}` is de-duplicated
    /// by the homeserver), DELETEs, and POSTs whose repeat converges (join, membership changes,
    /// register — a repeat answers `M_USER_IN_USE`, which is success). Retried on 429, on 500,
    /// 502, 503, 504 and on any network failure.
    case idempotent
    /// A repeat could act twice (a second room, a second media upload). Retried only when the
    /// homeserver certainly did not act: on 429 and when no connection could be made.
    case notIdempotent
    /// The body can't be replayed (a streamed upload): one attempt only.
    case singleAttempt
}

/// What a call sends.
enum HomeserverRequestBody: Sendable {
    case empty
    case json([UInt8])
    case bytes(ByteBuffer, contentType: String)
    case stream(HTTPClientRequest.Body, contentType: String)
}

/// One client-server call, described before it is sent (and re-sent on retry).
struct HomeserverRequest: Sendable {
    var method: HTTPMethod
    /// The encoded path, from ``MatrixPath``.
    var path: String
    var query: [QueryItem] = []
    var body: HomeserverRequestBody = .empty
    /// A low-cardinality name for metrics and logs (`send`, `register`, …).
    var endpoint: String
    var retryClass: RequestRetryClass
    /// Overrides the client's request timeout (media calls need longer).
    var timeout: Duration? = nil
    /// The largest successful response body accepted.
    var maxResponseBytes: Int = 1 << 20

    struct QueryItem: Sendable, Hashable {
        var name: String
        var value: String
    }

    /// The path and query, both percent-encoded, to append to the homeserver's base URL.
    var pathAndQuery: String {
        guard !query.isEmpty else { return path }
        let encoded = query.map { "\(PercentEncoding.encode($0.name))=\(PercentEncoding.encode($0.value))" }
        return path + "?" + encoded.joined(separator: "&")
    }
}

extension HomeserverRequest {
    /// A request whose body is `value` encoded as JSON.
    init(
        _ method: HTTPMethod, _ path: String, endpoint: String, retry: RequestRetryClass,
        json value: some Encodable & Sendable
    ) throws {
        self.init(method: method, path: path, body: .json(try MatrixJSON.encode(value)), endpoint: endpoint,
            retryClass: retry)
    }
}

/// Builds encoded paths: constant prefix plus percent-encoded segments.
enum MatrixPath {
    /// `/_matrix/client/<version>/<segments…>`.
    static func client(_ version: String, _ segments: String...) -> String {
        join("/_matrix/client/\(version)", segments)
    }

    /// `/_matrix/media/<version>/<segments…>` (upload only: downloads use the authenticated client path).
    static func media(_ version: String, _ segments: String...) -> String {
        join("/_matrix/media/\(version)", segments)
    }

    private static func join(_ prefix: String, _ segments: [String]) -> String {
        segments.reduce(prefix) { $0 + "/" + PercentEncoding.encodeSegment($1) }
    }
}
