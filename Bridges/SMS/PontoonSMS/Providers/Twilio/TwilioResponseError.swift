import Foundation
import NIOCore

/// Turns a Twilio REST error answer into the ``SMSProviderError`` the user sees.
///
/// Twilio answers errors with `{"code": 21211, "message": "…", "more_info": "…", "status": 400}`.
/// Credentials never appear in these messages; Twilio's own message may name the numbers involved.
enum TwilioResponseError {
    struct Body: Decodable {
        var code: Int?
        var message: String?
    }

    static func providerError(status: Int, body: ByteBuffer, credentials: TwilioCredentials) -> SMSProviderError {
        let parsed = try? JSONDecoder().decode(Body.self, from: Data(buffer: body))
        let code = parsed?.code
        let twilioMessage = parsed?.message.flatMap { $0.isEmpty ? nil : $0 }
        switch status {
        case 401:
            return SMSProviderError(
                "Twilio refused the credentials (error \(code ?? 20003)): \(credentials.checkHint)", isTransient: false)
        case 429:
            return SMSProviderError("Twilio is rate limiting this account (HTTP 429)", isTransient: true)
        case 500...:
            return SMSProviderError("Twilio had a server error (HTTP \(status))", isTransient: true)
        default:
            switch (twilioMessage, code) {
            case (let message?, let code?): return SMSProviderError("\(message) (Twilio error \(code))", isTransient: false)
            case (nil, let code?): return SMSProviderError(TwilioErrorCodes.reason(for: code), isTransient: false)
            case (let message?, nil): return SMSProviderError("\(message) (HTTP \(status))", isTransient: false)
            case (nil, nil): return SMSProviderError("Twilio refused the request (HTTP \(status))", isTransient: false)
            }
        }
    }

    /// A request that got no HTTP answer (connection refused, TLS, timeout): worth retrying.
    static func unreachable(_ host: String, _ error: any Error) -> SMSProviderError {
        SMSProviderError("Could not reach Twilio at \(host): \(error)", isTransient: true)
    }
}
