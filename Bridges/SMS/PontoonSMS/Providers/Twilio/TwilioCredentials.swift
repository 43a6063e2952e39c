import Foundation

/// How the bridge authenticates to Twilio's REST API: HTTP basic auth with the account SID and
/// auth token, or with an API key SID (`SK…`) and its secret.
///
/// Webhook signatures are always made with the account's auth token, whichever is used here.
/// `description` never shows the token or secret.
public struct TwilioCredentials: Sendable, Hashable, CustomStringConvertible {
    enum Kind: Sendable, Hashable {
        case authToken(String)
        case apiKey(sid: String, secret: String)
    }

    let kind: Kind

    /// The account's auth token; basic auth user is the account SID.
    public static func authToken(_ token: String) -> TwilioCredentials {
        TwilioCredentials(kind: .authToken(token))
    }

    /// An API key: basic auth user is the key SID, password its secret.
    public static func apiKey(sid: String, secret: String) -> TwilioCredentials {
        TwilioCredentials(kind: .apiKey(sid: sid, secret: secret))
    }

    /// The `Authorization` header value for `accountSID`.
    func authorization(accountSID: String) -> String {
        let (user, password) = switch kind {
        case .authToken(let token): (accountSID, token)
        case .apiKey(let sid, let secret): (sid, secret)
        }
        return "Basic " + Data("\(user):\(password)".utf8).base64EncodedString()
    }

    /// What to check when Twilio answers 401, in the words of the user's config.
    var checkHint: String {
        switch kind {
        case .authToken: "check the account SID and auth token"
        case .apiKey: "check the account SID, API key SID and API key secret"
        }
    }

    public var description: String {
        switch kind {
        case .authToken: "auth token (hidden)"
        case .apiKey(let sid, _): "API key \(sid) (secret hidden)"
        }
    }
}
