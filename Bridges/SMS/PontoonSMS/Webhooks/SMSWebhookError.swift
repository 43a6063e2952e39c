import HTTPTypes

/// Why a webhook request was not taken, with the HTTP status the provider gets. A 4xx tells the
/// provider not to bother retrying; a 5xx asks it to (the bridge could not bridge it right now).
enum SMSWebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    case badRequest(String)
    case forbidden(String)
    case notFound
    case tooLarge(Int)
    case unavailable(String)

    var status: HTTPResponse.Status {
        switch self {
        case .badRequest: .badRequest
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .tooLarge: .contentTooLarge
        case .unavailable: .serviceUnavailable
        }
    }

    var description: String {
        switch self {
        case .badRequest(let why): "Bad request: \(why)"
        case .forbidden(let why): "Forbidden: \(why)"
        case .notFound: "No such webhook"
        case .tooLarge(let limit): "The request is larger than \(limit) bytes"
        case .unavailable(let why): "Not bridged, try again later: \(why)"
        }
    }
}
