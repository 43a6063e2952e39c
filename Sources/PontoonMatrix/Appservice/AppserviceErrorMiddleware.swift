import Hummingbird
import Logging
import NIOCore

/// Turns every failure into a Matrix error body: unknown routes and methods become 404
/// `M_UNRECOGNIZED` (what the spec asks and what Synapse reads as "not implemented"), oversized
/// bodies 413 `M_TOO_LARGE`, and anything unexpected 500 `M_UNKNOWN` — never an empty body.
struct AppserviceErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    let maxBodySize: Int
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch let error as MatrixErrorResponse {
            throw error
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            throw MatrixErrorResponse.unrecognized()
        } catch is NIOTooManyBytesError {
            throw MatrixErrorResponse.tooLarge(limit: maxBodySize)
        } catch let error as any HTTPResponseError where error.status.code < 500 {
            throw MatrixErrorResponse(error.status, "M_UNKNOWN", error.status.reasonPhrase)
        } catch {
            logger.error("Request failed", metadata: ["path": "\(request.uri.path)", "error": "\(error)"])
            throw MatrixErrorResponse.internalError()
        }
    }
}
