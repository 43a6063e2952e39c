/// The fields of Twilio's Message resource (`POST …/Messages.json` answers it with 201) that the
/// bridge reads. Twilio writes `num_segments`/`num_media` as strings and `error_code` as a number
/// or null; both spellings are accepted.
struct TwilioMessageResource: Decodable, Sendable {
    var sid: String
    var status: String
    var errorCode: Int?
    var errorMessage: String?
    var numSegments: Int?

    enum CodingKeys: String, CodingKey {
        case sid, status
        case errorCode = "error_code"
        case errorMessage = "error_message"
        case numSegments = "num_segments"
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sid = try container.decode(String.self, forKey: .sid)
        status = try container.decodeIfPresent(String.self, forKey: .status) ?? "queued"
        errorCode = container.lenientInt(.errorCode)
        errorMessage = try? container.decodeIfPresent(String.self, forKey: .errorMessage)
        numSegments = container.lenientInt(.numSegments)
    }
}

/// One entry of `GET …/IncomingPhoneNumbers.json`: a number on the account.
public struct TwilioIncomingNumber: Decodable, Sendable, Hashable {
    /// The number's SID (`PN…`).
    public var sid: String
    /// E.164.
    public var phoneNumber: String
    /// Whether Twilio says the number can send and receive SMS / MMS (nil when not said).
    public var sms: Bool?
    public var mms: Bool?

    enum CodingKeys: String, CodingKey {
        case sid, capabilities
        case phoneNumber = "phone_number"
    }

    enum CapabilityKeys: String, CodingKey {
        case sms, mms
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        sid = try container.decode(String.self, forKey: .sid)
        phoneNumber = try container.decode(String.self, forKey: .phoneNumber)
        let capabilities = try? container.nestedContainer(keyedBy: CapabilityKeys.self, forKey: .capabilities)
        sms = (try? capabilities?.decodeIfPresent(Bool.self, forKey: .sms)) ?? nil
        mms = (try? capabilities?.decodeIfPresent(Bool.self, forKey: .mms)) ?? nil
    }
}

/// The list answer of `GET …/IncomingPhoneNumbers.json`.
struct TwilioIncomingNumberList: Decodable, Sendable {
    var incomingPhoneNumbers: [TwilioIncomingNumber]

    enum CodingKeys: String, CodingKey {
        case incomingPhoneNumbers = "incoming_phone_numbers"
    }
}

fileprivate extension KeyedDecodingContainer {
    /// An integer written as a number or a string; nil when absent, null or neither.
    func lenientInt(_ key: Key) -> Int? {
        if let number = try? decodeIfPresent(Int.self, forKey: key) { return number }
        if let text = try? decodeIfPresent(String.self, forKey: key) { return Int(text) }
        return nil
    }
}
