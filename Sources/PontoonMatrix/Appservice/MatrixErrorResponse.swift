import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// An error the appservice server answers with a Matrix error body: `{"errcode": …, "error": …}`.
///
/// The homeserver reads the errcode (a 404 with `M_UNRECOGNIZED` means "not implemented"), so every
/// non-2xx answer of the appservice API goes through this type.
public struct MatrixErrorResponse: HTTPResponseError, Sendable {
    public let status: HTTPResponse.Status
    /// The Matrix error code, e.g. `M_FORBIDDEN`.
    public let errcode: String
    /// A human-readable explanation; never contains tokens or message bodies.
    public let message: String

    public init(_ status: HTTPResponse.Status, _ errcode: String, _ message: String) {
        self.status = status
        self.errcode = errcode
        self.message = message
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = JSONValue.object(["errcode": .string(errcode), "error": .string(message)])
        return JSONResponse.make(status: status, body: body)
    }

    static func unauthorized() -> Self {
        .init(.unauthorized, "M_UNAUTHORIZED", "Missing access token: send Authorization: Bearer <hs_token>")
    }
    static func forbidden() -> Self { .init(.forbidden, "M_FORBIDDEN", "Invalid hs_token") }
    static func unrecognized() -> Self { .init(.notFound, "M_UNRECOGNIZED", "Unrecognized request") }
    static func notJSON(_ detail: String) -> Self { .init(.badRequest, "M_NOT_JSON", "Body is not valid JSON: \(detail)") }
    static func badJSON(_ detail: String) -> Self { .init(.badRequest, "M_BAD_JSON", detail) }
    static func tooLarge(limit: Int) -> Self {
        .init(.contentTooLarge, "M_TOO_LARGE", "Body larger than the bridge's limit of \(limit) bytes (appservice.max_body_size)")
    }
    static func notFound(_ detail: String) -> Self { .init(.notFound, "M_NOT_FOUND", detail) }
    static func internalError() -> Self {
        .init(.internalServerError, "M_UNKNOWN", "The bridge could not handle the request; the homeserver should retry")
    }
}

/// Builds JSON responses; every 2xx of the appservice API has a JSON body because Synapse
/// decodes it and counts an empty body as a failure.
enum JSONResponse {
    static let emptyObject = make(status: .ok, body: .object([:]))

    static func make(status: HTTPResponse.Status, body: JSONValue) -> Response {
        let data = (try? JSONEncoder().encode(body)) ?? Data("{}".utf8)
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
