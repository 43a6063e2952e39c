import Foundation

/// The `network:` section of `pontoon-sms`'s config.
public struct SMSBridgeConfig: Decodable, Sendable {
    /// The country national numbers are read in (ISO 3166-1 alpha-2: `US`, `DE`, `GB`).
    public var defaultCountry: String
    /// The address providers reach the bridge's listener at (`https://sms.example.org`): webhook
    /// URLs are built from it, and Twilio signs requests over it.
    public var webhookURL: String
    /// A message that costs more SMS segments than this gets a warning in the room (it is sent).
    public var segmentWarning: Int
    /// Largest inbound MMS attachment fetched, in bytes.
    public var maxMediaBytes: Int
    /// Kannel's smsbox (`sendsms-port`), for Kannel logins; nil when the bridge offers none.
    public var kannel: Kannel?
    /// Twilio, for Twilio logins; nil when the bridge offers none.
    public var twilio: Twilio?

    public struct Kannel: Decodable, Sendable {
        /// `http://127.0.0.1:13013`: where smsbox's `sendsms` listens.
        public var sendsmsURL: String

        enum CodingKeys: String, CodingKey { case sendsmsURL = "sendsms_url" }
    }

    public struct Twilio: Decodable, Sendable {
        /// The REST API's base URL; only tests change it.
        public var apiURL: String

        enum CodingKeys: String, CodingKey { case apiURL = "api_url" }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            apiURL = try container.decodeIfPresent(String.self, forKey: .apiURL) ?? "https://api.twilio.com"
        }

        public init(apiURL: String = "https://api.twilio.com") {
            self.apiURL = apiURL
        }
    }

    enum CodingKeys: String, CodingKey {
        case defaultCountry = "default_country"
        case webhookURL = "webhook_url"
        case segmentWarning = "segment_warning"
        case maxMediaBytes = "max_media_bytes"
        case kannel, twilio
    }

    public init(defaultCountry: String = "US", webhookURL: String, segmentWarning: Int = 3, maxMediaBytes: Int = 5 << 20,
                kannel: Kannel? = nil, twilio: Twilio? = nil) {
        self.defaultCountry = defaultCountry
        self.webhookURL = webhookURL
        self.segmentWarning = segmentWarning
        self.maxMediaBytes = maxMediaBytes
        self.kannel = kannel
        self.twilio = twilio
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        defaultCountry = (try container.decodeIfPresent(String.self, forKey: .defaultCountry) ?? "US").uppercased()
        guard defaultCountry.count == 2, defaultCountry.allSatisfy({ $0.isASCII && $0.isLetter }) else {
            throw DecodingError.dataCorruptedError(forKey: .defaultCountry, in: container,
                                                   debugDescription: "a two-letter country code such as US, DE or GB")
        }
        var url = try container.decode(String.self, forKey: .webhookURL)
        while url.hasSuffix("/") { url.removeLast() }
        guard let parsed = URL(string: url), let scheme = parsed.scheme, ["http", "https"].contains(scheme), parsed.host != nil else {
            throw DecodingError.dataCorruptedError(forKey: .webhookURL, in: container,
                                                   debugDescription: "the bridge's public http(s) address, like https://sms.example.org")
        }
        webhookURL = url
        segmentWarning = try container.decodeIfPresent(Int.self, forKey: .segmentWarning) ?? 3
        maxMediaBytes = try container.decodeIfPresent(Int.self, forKey: .maxMediaBytes) ?? 5 << 20
        kannel = try container.decodeIfPresent(Kannel.self, forKey: .kannel)
        twilio = try container.decodeIfPresent(Twilio.self, forKey: .twilio)
        if kannel == nil && twilio == nil {
            throw DecodingError.dataCorruptedError(forKey: .twilio, in: container,
                                                   debugDescription: "configure at least one provider: kannel or twilio")
        }
    }

    /// The commented section `-e` writes.
    static let example = """
          # Country that numbers typed without +country code are read in (ISO 3166-1: US, DE, GB…).
          default_country: US
          # Where SMS providers reach this bridge's listener (appservice.port): webhook URLs are made
          # from it, and Twilio signs its requests over it. Use https behind a reverse proxy.
          webhook_url: http://127.0.0.1:29330
          # Warn in the room when a message costs more SMS segments than this (it is still sent).
          segment_warning: 3
          # Largest picture or file taken from an incoming MMS, in bytes.
          max_media_bytes: 5242880
          # Kannel logins (`login kannel`): smsbox's sendsms address. Remove to offer none.
          kannel:
            sendsms_url: http://127.0.0.1:13013
          # Twilio logins (`login twilio`). Remove to offer none.
          twilio:
            api_url: https://api.twilio.com

        """
}
