import AsyncHTTPClient
import Foundation
import Logging

/// The Matrix client-server API, used as an application service.
///
/// Every request carries `Authorization: Bearer <as_token>`; the token never goes into a URL and
/// never into a log line. Calls are made through an ``Intent``: ``bot`` for the appservice's own
/// user, ``intent(for:)`` for a ghost (adds `?user_id=`).
///
/// Failed calls are retried according to ``RetryPolicy``, but only when a repeat is safe: 429
/// and network failures are retried for every call that can be replayed; 500/502/503/504 only for
/// calls whose repeat has no further effect (GET, PUT with a txnId, DELETE, join and other
/// membership POSTs, register). `createRoom` and media uploads are repeated only after a 429 or
/// when no connection could be made, because a lost answer may hide a room or a file that was
/// created. Any other 4xx is thrown at once as ``MatrixError``.
public final class HomeserverClient: Sendable {
    /// The homeserver's client-server base URL, e.g. `http://localhost:8008`.
    public let homeserverURL: URL
    /// The `id` of the registration, used in the ping path.
    public let appserviceID: String
    /// The appservice's own user (`sender_localpart`).
    public let botUserID: UserID
    public let retryPolicy: RetryPolicy
    /// How long one attempt of a JSON call may take.
    public let requestTimeout: Duration
    /// How long one attempt of a media upload or download may take.
    public let mediaTimeout: Duration
    /// Transaction IDs for event sends; shared by every intent because Synapse de-duplicates per appservice.
    public let transactionIDs: TransactionIDGenerator
    /// Encrypts message events sent into encrypted rooms; shared with ``withToken(_:appserviceID:)`` clients.
    public let encryption: OutgoingEventEncryption

    let asToken: String
    let httpClient: HTTPClient
    let logger: Logger
    /// The base URL as a string without a trailing slash, ready for appending an encoded path.
    let baseURL: String

    /// - Parameters:
    ///   - httpClient: the caller owns it and shuts it down after the last call.
    ///   - logger: per-request lines are logged at debug level, retries at info.
    public init(
        homeserverURL: URL, asToken: String, appserviceID: String, botUserID: UserID, httpClient: HTTPClient,
        retryPolicy: RetryPolicy = .default, requestTimeout: Duration = .seconds(60),
        mediaTimeout: Duration = .seconds(300), transactionIDs: TransactionIDGenerator = TransactionIDGenerator(),
        encryption: OutgoingEventEncryption = OutgoingEventEncryption(), logger: Logger
    ) {
        self.homeserverURL = homeserverURL
        self.asToken = asToken
        self.appserviceID = appserviceID
        self.botUserID = botUserID
        self.httpClient = httpClient
        self.retryPolicy = retryPolicy
        self.requestTimeout = requestTimeout
        self.mediaTimeout = mediaTimeout
        self.transactionIDs = transactionIDs
        self.encryption = encryption
        self.logger = logger
        var base = homeserverURL.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
    }

    /// Calls made as `user`: the bot itself, or a ghost in the appservice's namespace.
    public func intent(for user: UserID) -> Intent {
        Intent(client: self, userID: user)
    }

    /// Calls made as the appservice's own user.
    public var bot: Intent { Intent(client: self, userID: botUserID) }
}

extension HomeserverClient {
    /// A client for the same homeserver and HTTP connection pool with another appservice token:
    /// the double-puppet registration's, which may act as any user it claims.
    public func withToken(_ asToken: String, appserviceID: String) -> HomeserverClient {
        HomeserverClient(
            homeserverURL: homeserverURL, asToken: asToken, appserviceID: appserviceID, botUserID: botUserID,
            httpClient: httpClient, retryPolicy: retryPolicy, requestTimeout: requestTimeout,
            mediaTimeout: mediaTimeout, transactionIDs: transactionIDs, encryption: encryption, logger: logger)
    }
}
