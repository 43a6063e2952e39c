/// Where the appservice server puts transactions: a durable journal.
///
/// The server answers the homeserver only after `store` returns, so a crash after the answer can
/// never lose a transaction, and a transaction the journal has seen before (a homeserver retry, or a
/// replay after a restart) is answered `{}` and handled no second time.
public protocol AppserviceTransactionSink: Sendable {
    /// Durably stores the transaction for handling.
    /// - Returns: `false` when this transaction ID was stored before (nothing is written then).
    func store(transactionID: String, transaction: AppserviceTransaction) async throws -> Bool
}

/// Answers the homeserver's queries about users, aliases and third-party networks.
///
/// Every method has a default that answers "unknown", so a bridge implements only what it has.
public protocol AppserviceQueryHandler: Sendable {
    /// `GET /users/{userId}`: create the ghost (register it) and return `true`, or return `false` (404).
    func userExists(_ userID: UserID) async throws -> Bool
    /// `GET /rooms/{roomAlias}`: create the room and alias and return `true`, or return `false` (404).
    func aliasExists(_ alias: RoomAlias) async throws -> Bool
    /// `GET /thirdparty/protocol/{protocol}`: the protocol description, or `nil` (404).
    func thirdPartyProtocol(_ name: String) async throws -> JSONValue?
    /// `GET /thirdparty/user/{protocol}?fields…`: matching remote users, or `nil` (404).
    func thirdPartyUsers(protocol name: String, fields: [String: String]) async throws -> [JSONValue]?
    /// `GET /thirdparty/location/{protocol}?fields…`: matching remote locations, or `nil` (404).
    func thirdPartyLocations(protocol name: String, fields: [String: String]) async throws -> [JSONValue]?
    /// `GET /thirdparty/user?userid=`: the remote identities of a Matrix user.
    func thirdPartyUsers(matrixUser: UserID) async throws -> [JSONValue]
    /// `GET /thirdparty/location?alias=`: the remote locations of a Matrix alias.
    func thirdPartyLocations(alias: RoomAlias) async throws -> [JSONValue]
    /// `POST /ping` arrived: the homeserver can reach the bridge with the right token.
    func pinged(transactionID: String?) async
}

extension AppserviceQueryHandler {
    public func userExists(_ userID: UserID) async throws -> Bool { false }
    public func aliasExists(_ alias: RoomAlias) async throws -> Bool { false }
    public func thirdPartyProtocol(_ name: String) async throws -> JSONValue? { nil }
    public func thirdPartyUsers(protocol name: String, fields: [String: String]) async throws -> [JSONValue]? { nil }
    public func thirdPartyLocations(protocol name: String, fields: [String: String]) async throws -> [JSONValue]? { nil }
    public func thirdPartyUsers(matrixUser: UserID) async throws -> [JSONValue] { [] }
    public func thirdPartyLocations(alias: RoomAlias) async throws -> [JSONValue] { [] }
    public func pinged(transactionID: String?) async {}
}

/// A query handler that knows nothing: every query answers 404.
public struct NoQueries: AppserviceQueryHandler {
    public init() {}
}
