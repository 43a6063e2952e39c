/// Why the homeserver's ping of the bridge failed, with what the admin should check.
///
/// `POST /_matrix/client/v1/appservice/{id}/ping` makes the homeserver call the bridge; these are
/// its documented failures. ``explanation`` is one line meant for the bridge's startup log.
public enum PingFailure: Error, Sendable, Hashable, CustomStringConvertible {
    /// 401 `M_UNKNOWN_TOKEN`: the homeserver knows no appservice with the bridge's as_token.
    case unknownToken
    /// 403 `M_FORBIDDEN`: the as_token belongs to an appservice with another `id`.
    case forbidden(message: String)
    /// 400 `M_URL_NOT_SET`: the installed registration has `url: null`.
    case urlNotSet
    /// 502 `M_BAD_STATUS`: the bridge answered the homeserver with a non-2xx `status`.
    case badStatus(status: Int, body: String)
    /// 502 `M_CONNECTION_FAILED`: the homeserver could not connect to the bridge.
    case connectionFailed(message: String)
    /// 504 `M_CONNECTION_TIMEOUT`: the bridge did not answer the homeserver in time.
    case connectionTimeout
}

extension PingFailure {
    /// Maps a ping's ``MatrixError`` to a ping failure, or `nil` for an undocumented error.
    init?(_ error: MatrixError) {
        switch error.errcode {
        case "M_UNKNOWN_TOKEN": self = .unknownToken
        case "M_FORBIDDEN": self = .forbidden(message: error.message)
        case "M_URL_NOT_SET": self = .urlNotSet
        case "M_BAD_STATUS":
            let status = error.body?["status"]?.intValue.map { Int(clamping: $0) } ?? 0
            let body = error.body?["body"]?.stringValue ?? ""
            self = .badStatus(status: status, body: String(body.prefix(1024)))
        case "M_CONNECTION_FAILED": self = .connectionFailed(message: error.message)
        case "M_CONNECTION_TIMEOUT": self = .connectionTimeout
        default: return nil
        }
    }

    /// One line: what failed and what the admin should check. `bridgeURL` is the `url` of the
    /// registration, when known.
    public func explanation(bridgeURL: String? = nil) -> String {
        let target = bridgeURL.map { "the bridge at \($0)" } ?? "the bridge at the registration's url"
        switch self {
        case .unknownToken:
            return "the homeserver does not know the bridge's as_token: the registration file is not installed in the "
                + "homeserver (app_service_config_files), or the homeserver was not restarted after installing it"
        case .forbidden(let message):
            return "the homeserver refused the ping (\(message)): the appservice id or as_token in the bridge config "
                + "does not match the registration installed in the homeserver"
        case .urlNotSet:
            return "the registration installed in the homeserver has no url, so the homeserver never sends events "
                + "to the bridge: set url (appservice.address) and reinstall the registration"
        case .badStatus(let status, _) where status == 401 || status == 403:
            return "\(target) rejected the homeserver's hs_token (HTTP \(status)): the registration file installed "
                + "in the homeserver is out of date; regenerate it, copy it to the homeserver and restart it"
        case .badStatus(let status, _):
            return "\(target) answered the homeserver's ping with HTTP \(status): check the bridge log, and that "
                + "appservice.address points at this bridge and not at another service"
        case .connectionFailed:
            return "the homeserver can't reach \(target): check appservice.address (as seen from the homeserver) "
                + "and that the bridge listens on appservice.hostname and appservice.port"
        case .connectionTimeout:
            return "the homeserver timed out reaching \(target): check appservice.address and any firewall "
                + "between the homeserver and the bridge"
        }
    }

    public var description: String { "appservice ping failed: \(explanation())" }
}
