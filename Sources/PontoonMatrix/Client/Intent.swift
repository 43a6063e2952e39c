import NIOHTTP1

/// Client-server calls made as one user: the appservice bot, or a ghost in its namespace.
///
/// A ghost's calls carry `?user_id=<ghost>`; the bot's calls don't need it. With ``deviceID`` set,
/// calls also carry `?device_id=` (the device must exist, see ``putDevice(id:displayName:)``).
public struct Intent: Sendable {
    public let client: HomeserverClient
    /// The user these calls act as.
    public let userID: UserID
    /// The device these calls act as, for end-to-bridge encryption.
    public let deviceID: String?

    init(client: HomeserverClient, userID: UserID, deviceID: String? = nil) {
        self.client = client
        self.userID = userID
        self.deviceID = deviceID
    }

    /// Whether this intent acts as the appservice's own user.
    public var isBot: Bool { userID == client.botUserID }

    /// The same user acting through `deviceID`.
    public func withDevice(_ deviceID: String?) -> Intent {
        Intent(client: client, userID: userID, deviceID: deviceID)
    }

    /// `user_id` and `device_id` for masquerading, followed by `extra`.
    func identityQuery(_ extra: [HomeserverRequest.QueryItem] = []) -> [HomeserverRequest.QueryItem] {
        var items: [HomeserverRequest.QueryItem] = []
        // The bot needs `user_id` too when it names a device: without it Synapse 1.163 looks the
        // device up under its sender as an object, not a string, and answers 500.
        if !isBot || deviceID != nil { items.append(.init(name: "user_id", value: userID.rawValue)) }
        if let deviceID { items.append(.init(name: "device_id", value: deviceID)) }
        return items + extra
    }

    /// Sends a request as this user and returns the 2xx response.
    func send(
        _ method: HTTPMethod, _ path: String, endpoint: String, retry: RequestRetryClass,
        query: [HomeserverRequest.QueryItem] = [], body: HomeserverRequestBody = .empty, timeout: Duration? = nil,
        maxResponseBytes: Int = 1 << 20
    ) async throws -> HomeserverResponse {
        let request = HomeserverRequest(
            method: method, path: path, query: identityQuery(query), body: body, endpoint: endpoint,
            retryClass: retry, timeout: timeout, maxResponseBytes: maxResponseBytes)
        return try await client.perform(request)
    }

    /// Sends a JSON body and decodes a JSON answer.
    func sendJSON<Response: Decodable>(
        _ method: HTTPMethod, _ path: String, endpoint: String, retry: RequestRetryClass,
        query: [HomeserverRequest.QueryItem] = [], json: (some Encodable & Sendable)?, as: Response.Type
    ) async throws -> Response {
        let body: HomeserverRequestBody = try json.map { .json(try MatrixJSON.encode($0)) } ?? .empty
        let response = try await send(method, path, endpoint: endpoint, retry: retry, query: query, body: body)
        return try response.decode(Response.self, endpoint: endpoint)
    }
}

/// A request without a body, for `sendJSON`'s `json:` argument.
let noBody: JSONValue? = nil
