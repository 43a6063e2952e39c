import Foundation
import Logging
import PontoonMatrix

/// Why the bridge can't start, in one line an admin can act on.
public struct StartupFailure: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The checks the bridge runs once its appservice listener is up: is the as_token accepted
/// (`whoami`), and can the homeserver reach us with the right hs_token (appservice ping)?
public struct StartupCheck: Sendable {
    let homeserver: HomeserverClient
    let homeserverAddress: String
    let bridgeAddress: String
    let logger: Logger

    public init(homeserver: HomeserverClient, homeserverAddress: String, bridgeAddress: String, logger: Logger) {
        self.homeserver = homeserver
        self.homeserverAddress = homeserverAddress
        self.bridgeAddress = bridgeAddress
        self.logger = logger
    }

    /// Runs every check; throws the first failure as one actionable line.
    public func run() async throws {
        try await checkToken()
        try await checkPing()
    }

    func checkToken() async throws {
        let whoami: WhoAmI
        do {
            whoami = try await homeserver.bot.whoami()
        } catch let error as MatrixError where error.errcode == "M_UNKNOWN_TOKEN" || error.statusCode == 401 {
            throw StartupFailure(description:
                "The homeserver rejected appservice.as_token: add registration.yaml to app_service_config_files in homeserver.yaml and restart the homeserver (or regenerate it with -g if the tokens changed).")
        } catch let error as HomeserverClientError {
            throw StartupFailure(description:
                "Can't reach the homeserver at homeserver.address (\(homeserverAddress)): \(error)")
        }
        guard whoami.userID == homeserver.botUserID else {
            throw StartupFailure(description:
                "The homeserver says the as_token belongs to \(whoami.userID), not \(homeserver.botUserID): check appservice.bot.username and homeserver.domain against the installed registration.")
        }
        logger.info("Homeserver accepted the appservice token", metadata: ["bot": "\(whoami.userID)"])
    }

    func checkPing() async throws {
        do {
            let duration = try await Self.retryingUnreachable(logger: logger) {
                try await homeserver.ping(transactionID: "pontoon-startup-\(UInt64.random(in: 0...UInt64.max))")
            }
            logger.info("Homeserver can reach the bridge", metadata: ["ping_ms": "\(duration)"])
        } catch let failure as PingFailure {
            throw StartupFailure(description: failure.explanation(bridgeURL: bridgeAddress))
        } catch let error as MatrixError where error.statusCode == 404 || error.errcode == "M_UNRECOGNIZED" {
            // Homeservers without the ping endpoint (MSC2659) can't test the path; carry on.
            logger.warning("The homeserver has no appservice ping; can't check that it reaches the bridge", metadata: ["errcode": "\(error.errcode)"])
        }
    }

    /// Runs `ping` again after each of `delays` while the homeserver reports it can't connect or
    /// timed out: right after a restart, the homeserver may still hold a connection to the bridge's
    /// previous process, and its first attempt fails on it. Other failures are final at once.
    static func retryingUnreachable<T: Sendable>(
        delays: [Duration] = [.seconds(1), .seconds(2), .seconds(4)], logger: Logger,
        _ ping: () async throws -> T
    ) async throws -> T {
        for delay in delays {
            do {
                return try await ping()
            } catch let failure as PingFailure where failure.isConnectionProblem {
                logger.warning("The homeserver could not reach the bridge yet; trying again",
                               metadata: ["failure": "\(failure)", "retry_in": "\(delay)"])
                try await Task.sleep(for: delay)
            }
        }
        return try await ping()
    }
}

extension PingFailure {
    /// The homeserver could not connect or got no answer in time: a path problem that may pass.
    var isConnectionProblem: Bool {
        switch self {
        case .connectionFailed, .connectionTimeout: true
        default: false
        }
    }
}
