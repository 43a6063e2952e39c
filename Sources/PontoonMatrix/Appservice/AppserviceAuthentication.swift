import HTTPTypes
import Hummingbird

/// Checks that a request comes from the homeserver: `Authorization: Bearer <hs_token>`, or the
/// legacy `?access_token=` that homeservers send with `use_appservice_legacy_authorization`.
///
/// Missing credentials → 401 `M_UNAUTHORIZED`; wrong ones → 403 `M_FORBIDDEN`. Only paths under
/// `/_matrix/app/` are guarded, so other routes on the same listener (media, webhooks) keep their own checks.
struct AppserviceAuthMiddleware<Context: RequestContext>: RouterMiddleware {
    let hsToken: [UInt8]

    init(hsToken: String) {
        self.hsToken = Array(hsToken.utf8)
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        guard request.uri.path.hasPrefix("/_matrix/app/") else {
            return try await next(request, context)
        }
        let header = bearerToken(request.headers[.authorization])
        let query = request.uri.queryParameters["access_token"].map(String.init)
        switch (header, query) {
        case (nil, nil):
            throw MatrixErrorResponse.unauthorized()
        case (let header?, let query?) where !constantTimeEquals(Array(header.utf8), Array(query.utf8)):
            throw MatrixErrorResponse.forbidden()
        default:
            let token = header ?? query ?? ""
            guard constantTimeEquals(Array(token.utf8), hsToken) else { throw MatrixErrorResponse.forbidden() }
        }
        return try await next(request, context)
    }

    private func bearerToken(_ header: String?) -> String? {
        guard let header else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1, omittingEmptySubsequences: true)
        guard parts.count == 2, parts[0].lowercased() == "bearer" else { return "" }
        return parts[1].trimmingCharacters(in: .whitespaces)
    }
}

/// Compares without an early exit, so the time taken does not reveal how much of a guess was right.
func constantTimeEquals(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
    var difference = UInt8(truncatingIfNeeded: lhs.count ^ rhs.count)
    let count = max(lhs.count, rhs.count)
    for index in 0..<count {
        let left = index < lhs.count ? lhs[index] : 0
        let right = index < rhs.count ? rhs[index] : 0
        difference |= left ^ right
    }
    return difference == 0 && lhs.count == rhs.count
}
