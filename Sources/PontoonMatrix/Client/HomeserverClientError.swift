/// A client-server call failed without a Matrix error answer: the request never got an HTTP
/// response, or the response was not what the specification promises.
public enum HomeserverClientError: Error, Sendable, CustomStringConvertible {
    /// No HTTP response arrived. `requestSent` is `false` when the connection was never
    /// established (so the homeserver certainly did not act on the request).
    case transport(endpoint: String, requestSent: Bool, underlying: any Error)
    /// A 2xx response whose body does not parse as the specification says it should.
    case invalidResponse(endpoint: String, reason: String)
    /// A body larger than the limit given for this call (media upload or download).
    case tooLarge(endpoint: String, size: Int?, limit: Int)

    public var description: String {
        switch self {
        case .transport(let endpoint, let requestSent, let underlying):
            let when = requestSent ? "during the request" : "before the request was sent"
            return "could not reach the homeserver for \(endpoint) (\(when)): \(underlying)"
        case .invalidResponse(let endpoint, let reason):
            return "the homeserver's answer to \(endpoint) is not valid: \(reason)"
        case .tooLarge(let endpoint, let size, let limit):
            let sizeText = size.map { "\($0) bytes" } ?? "more bytes"
            return "\(endpoint): \(sizeText) exceeds the limit of \(limit) bytes"
        }
    }
}
