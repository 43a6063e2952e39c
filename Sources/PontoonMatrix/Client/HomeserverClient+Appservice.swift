/// Calls about the appservice itself rather than one user.
extension HomeserverClient {
    /// Asks the homeserver to call the bridge (`POST /_matrix/client/v1/appservice/{id}/ping`), which
    /// proves both directions work. Returns the homeserver's measured round trip in milliseconds.
    ///
    /// Throws ``PingFailure`` for the documented failures (each with an ``PingFailure/explanation(bridgeURL:)``
    /// for the admin), ``MatrixError`` for others. Not retried on 5xx: a 502/504 here is the
    /// homeserver reporting on the bridge, not a passing fault.
    public func ping(transactionID: String? = nil) async throws -> Int {
        struct PingResponse: Decodable {
            let durationMs: Int
            enum CodingKeys: String, CodingKey { case durationMs = "duration_ms" }
        }
        let body: JSONValue = transactionID.map { ["transaction_id": .string($0)] } ?? [:]
        let request = try HomeserverRequest(.POST, MatrixPath.client("v1", "appservice", appserviceID, "ping"),
            endpoint: "ping", retry: .notIdempotent, json: body)
        do {
            return try await perform(request).decode(PingResponse.self, endpoint: "ping").durationMs
        } catch let error as MatrixError {
            throw PingFailure(error) ?? error
        }
    }

    /// The spec versions and unstable features the homeserver supports.
    public func versions() async throws -> HomeserverVersions {
        let request = HomeserverRequest(method: .GET, path: "/_matrix/client/versions", endpoint: "versions",
            retryClass: .idempotent)
        return try await perform(request).decode(HomeserverVersions.self, endpoint: "versions")
    }
}
