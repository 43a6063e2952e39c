import Foundation

/// The homeserver answered a client-server request with an error status.
///
/// `errcode` is the machine-readable Matrix code (`M_FORBIDDEN`, `M_LIMIT_EXCEEDED`, …); it is
/// `M_UNKNOWN` when the body was not a Matrix error object (a proxy's HTML 502 page, say).
/// The description names the endpoint, status and errcode; it never contains the access token.
public struct MatrixError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The HTTP status code, e.g. 403.
    public let statusCode: Int
    /// The Matrix error code, e.g. `M_FORBIDDEN`; `M_UNKNOWN` when the body is not Matrix JSON.
    public let errcode: String
    /// The human-readable `error` field, or a short summary of a non-Matrix body.
    public let message: String
    /// How long the homeserver asked us to wait, from `retry_after_ms` or the `Retry-After` header.
    public let retryAfterMs: Int?
    /// The whole JSON body, when it was JSON (errors such as `M_BAD_STATUS` carry extra fields).
    public let body: JSONValue?
    /// The low-cardinality name of the call that failed (`send`, `register`, …).
    public let endpoint: String

    public init(
        statusCode: Int, errcode: String, message: String, retryAfterMs: Int? = nil, body: JSONValue? = nil,
        endpoint: String = "unknown"
    ) {
        self.statusCode = statusCode
        self.errcode = errcode
        self.message = message
        self.retryAfterMs = retryAfterMs
        self.body = body
        self.endpoint = endpoint
    }

    public var description: String {
        "homeserver answered \(endpoint) with HTTP \(statusCode) \(errcode): \(message)"
    }

    /// Whether the homeserver rate-limited the request (HTTP 429 or `M_LIMIT_EXCEEDED`).
    public var isRateLimited: Bool { statusCode == 429 || errcode == "M_LIMIT_EXCEEDED" }
}

extension MatrixError {
    /// Builds the error from a non-2xx response. `retryAfterHeader` is the raw `Retry-After` value.
    init(statusCode: Int, responseBody: [UInt8], retryAfterHeader: String?, endpoint: String) {
        let json = try? JSONDecoder().decode(JSONValue.self, from: Data(responseBody))
        let headerMs = retryAfterHeader.flatMap { Int($0.trimmingCharacters(in: .whitespaces)) }
            .flatMap { $0 >= 0 && $0 < Int.max / 1000 ? $0 * 1000 : nil }
        let bodyMs = json?["retry_after_ms"]?.intValue.flatMap { $0 >= 0 && $0 <= Int64(Int.max) ? Int($0) : nil }
        if let errcode = json?["errcode"]?.stringValue {
            self.init(
                statusCode: statusCode, errcode: errcode, message: json?["error"]?.stringValue ?? "",
                retryAfterMs: bodyMs ?? headerMs, body: json, endpoint: endpoint)
        } else {
            self.init(
                statusCode: statusCode, errcode: "M_UNKNOWN",
                message: "response is not a Matrix error (\(responseBody.count) bytes)",
                retryAfterMs: bodyMs ?? headerMs, body: json, endpoint: endpoint)
        }
    }
}
