import Foundation
import PontoonMatrix

/// What a login stores (``Pontoon/StoredLogin/metadata``): its provider account, its number, the
/// secret in its webhook URLs, and where replies from each number go. Never logged.
struct SMSLoginMetadata: Codable, Sendable, Hashable {
    enum Provider: String, Codable, Sendable {
        case kannel, twilio
    }

    var provider: Provider
    /// The login's own number, E.164.
    var number: String
    /// The secret path element of this login's webhook URLs: it names the login and proves the
    /// request came from someone the login's owner gave the URL to.
    var webhookKey: String
    /// Kannel `sendsms-user`.
    var username: String?
    var password: String?
    /// Twilio account SID and auth token.
    var accountSID: String?
    var authToken: String?
    /// Remote user ID → the group chat that last wrote to them: a reply goes back there instead of
    /// the DM (relayed and group texts). Numbers whose last text came from their DM are absent.
    var replyRoutes: [String: String] = [:]

    enum CodingKeys: String, CodingKey {
        case provider, number
        case webhookKey = "webhook_key"
        case username, password
        case accountSID = "account_sid"
        case authToken = "auth_token"
        case replyRoutes = "reply_routes"
    }

    init(provider: Provider, number: String, webhookKey: String = SMSLoginMetadata.newWebhookKey(), username: String? = nil,
         password: String? = nil, accountSID: String? = nil, authToken: String? = nil) {
        self.provider = provider
        self.number = number
        self.webhookKey = webhookKey
        self.username = username
        self.password = password
        self.accountSID = accountSID
        self.authToken = authToken
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        provider = try container.decode(Provider.self, forKey: .provider)
        number = try container.decode(String.self, forKey: .number)
        webhookKey = try container.decode(String.self, forKey: .webhookKey)
        username = try container.decodeIfPresent(String.self, forKey: .username)
        password = try container.decodeIfPresent(String.self, forKey: .password)
        accountSID = try container.decodeIfPresent(String.self, forKey: .accountSID)
        authToken = try container.decodeIfPresent(String.self, forKey: .authToken)
        replyRoutes = try container.decodeIfPresent([String: String].self, forKey: .replyRoutes) ?? [:]
    }

    /// 128 random bits, hex: unguessable, and safe in a URL path.
    static func newWebhookKey() -> String {
        var generator = SystemRandomNumberGenerator()
        return (0..<4).map { _ in String(format: "%08x", UInt32.random(in: .min ... .max, using: &generator)) }.joined()
    }

    init(json: JSONValue) throws {
        self = try JSONDecoder().decode(SMSLoginMetadata.self, from: try JSONEncoder().encode(json))
    }

    var json: JSONValue {
        get throws { try JSONDecoder().decode(JSONValue.self, from: try JSONEncoder().encode(self)) }
    }

    /// Replies the bridge keeps track of per login: enough for busy relay numbers, bounded so the
    /// stored login stays small.
    static let maxReplyRoutes = 1000
}
