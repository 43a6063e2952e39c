import AsyncHTTPClient
import Foundation
import Logging
import PontoonMatrix

/// Checks at start that every `double_puppet.secrets` entry works, so a wrong token is reported in
/// one line when the bridge starts instead of as silently missing double puppeting later.
///
/// Only the bridge's own homeserver is checked: for other servers the bridge would first have to
/// discover their client API (`.well-known`), which comes with double puppeting itself.
struct DoublePuppetCheck: Sendable {
    let config: BridgeConfig
    let httpClient: HTTPClient
    let logger: Logger

    static let tokenPrefix = "as_token:"

    func run() async throws {
        for (server, secret) in config.doublePuppet.secrets.sorted(by: { $0.key < $1.key }) {
            let key = "double_puppet.secrets.\(server)"
            guard secret.hasPrefix(Self.tokenPrefix) else {
                // The legacy shared-secret login (com.devture.shared_secret_auth) is optional and not supported.
                throw StartupFailure(description: "\(key): only \"as_token:<token>\" secrets are supported")
            }
            guard server == config.homeserver.domain else {
                logger.warning("Double-puppet secret for another server is not checked", metadata: ["server": "\(server)"])
                continue
            }
            let token = String(secret.dropFirst(Self.tokenPrefix.count))
            let client = HomeserverClient(
                homeserverURL: config.homeserver.address, asToken: token, appserviceID: "double-puppet",
                botUserID: try UserID(localpart: config.appservice.bot.username, server: server),
                httpClient: httpClient, retryPolicy: .never, logger: logger)
            do {
                let whoami = try await client.bot.whoami()
                logger.info("Double puppeting works", metadata: ["server": "\(server)", "appservice_user": "\(whoami.userID)"])
            } catch let error as MatrixError where error.statusCode == 401 || error.statusCode == 403 {
                throw StartupFailure(description:
                    "\(key): the homeserver rejected this token (\(error.errcode)); install the double-puppet registration in app_service_config_files and restart the homeserver, or fix the token")
            }
        }
    }
}
