import Crypto
import Foundation

/// The JSON the fake Twilio answers, field by field as Twilio's 2010-04-01 API documents them.
enum FakeTwilioResources {
    static let apiVersion = "2010-04-01"

    /// A Twilio SID: two-letter prefix and 32 lowercase hex digits.
    static func sid(_ prefix: String) -> String {
        prefix + (0..<16).map { _ in hex(UInt8.random(in: 0...255)) }.joined()
    }

    /// A SID that is the same every time for `seed` (a number's `PN…`).
    static func stableSID(_ prefix: String, _ seed: String) -> String {
        prefix + SHA256.hash(data: Data(seed.utf8)).prefix(16).map(hex).joined()
    }

    /// RFC 2822 in GMT, as Twilio writes dates: `Wed, 18 Aug 2010 20:01:40 +0000`.
    static func rfc2822(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss Z"
        return formatter.string(from: date)
    }

    /// Twilio's error body: `{"code", "message", "more_info", "status"}`.
    static func error(code: Int, message: String, status: Int, detail: String? = nil) -> Data {
        var object: [String: Any] = [
            "code": code, "message": message, "more_info": "https://www.twilio.com/docs/errors/\(code)", "status": status,
        ]
        if let detail { object["detail"] = detail }
        return json(object)
    }

    /// The Message resource of a text just created (status `queued`, not yet sent or priced).
    static func message(_ message: FakeTwilioMessage) -> Data {
        let uri = "/\(apiVersion)/Accounts/\(message.accountSID)/Messages/\(message.sid)"
        return json([
            "account_sid": message.accountSID,
            "api_version": apiVersion,
            "body": message.body,
            "date_created": rfc2822(message.created),
            "date_sent": NSNull(),
            "date_updated": rfc2822(message.created),
            "direction": "outbound-api",
            "error_code": NSNull(),
            "error_message": NSNull(),
            "from": message.from,
            "messaging_service_sid": NSNull(),
            "num_media": String(message.mediaURLs.count),
            "num_segments": String(segments(message.body)),
            "price": NSNull(),
            "price_unit": "USD",
            "sid": message.sid,
            "status": "queued",
            "subresource_uris": ["media": uri + "/Media.json", "feedback": uri + "/Feedback.json"],
            "to": message.to,
            "uri": uri + ".json",
        ])
    }

    /// `GET …/IncomingPhoneNumbers.json`: one page holding every match.
    static func incomingNumbers(_ numbers: [String], accountSID: String, query: String, created: Date) -> Data {
        let base = "/\(apiVersion)/Accounts/\(accountSID)/IncomingPhoneNumbers"
        let pageQuery = (query.isEmpty ? "" : query + "&") + "PageSize=50&Page=0"
        let entries: [[String: Any]] = numbers.map { number in
            let sid = stableSID("PN", number)
            return [
                "account_sid": accountSID, "address_requirements": "none", "address_sid": NSNull(), "api_version": apiVersion,
                "beta": false, "bundle_sid": NSNull(),
                "capabilities": ["fax": false, "mms": true, "sms": true, "voice": true],
                "date_created": rfc2822(created), "date_updated": rfc2822(created),
                "emergency_address_sid": NSNull(), "emergency_address_status": "unregistered", "emergency_status": "Inactive",
                "friendly_name": number, "identity_sid": NSNull(), "origin": "twilio", "phone_number": number, "sid": sid,
                "sms_application_sid": "", "sms_fallback_method": "POST", "sms_fallback_url": "", "sms_method": "POST",
                "sms_url": "", "status": "in-use", "status_callback": "", "status_callback_method": "POST",
                "subresource_uris": ["assigned_add_ons": "\(base)/\(sid)/AssignedAddOns.json"],
                "trunk_sid": NSNull(), "uri": "\(base)/\(sid).json", "voice_application_sid": NSNull(),
                "voice_caller_id_lookup": false, "voice_fallback_method": "POST", "voice_fallback_url": NSNull(),
                "voice_method": "POST", "voice_receive_mode": "voice", "voice_url": NSNull(),
            ]
        }
        return json([
            "end": max(entries.count - 1, 0), "first_page_uri": "\(base).json?\(pageQuery)",
            "incoming_phone_numbers": entries, "next_page_uri": NSNull(), "page": 0, "page_size": 50,
            "previous_page_uri": NSNull(), "start": 0, "uri": "\(base).json?\(pageQuery)",
        ])
    }

    /// Segments as Twilio counts them: 160 GSM-7 characters (153 when split), else 70 UCS-2 (67).
    static func segments(_ body: String) -> Int {
        let gsm = body.unicodeScalars.allSatisfy { $0.isASCII && $0 != "`" }
        let units = gsm ? body.unicodeScalars.count : body.utf16.count
        let (single, split) = gsm ? (160, 153) : (70, 67)
        if units <= single { return 1 }
        return (units + split - 1) / split
    }

    private static func json(_ object: [String: Any]) -> Data {
        (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
    }

    private static func hex(_ byte: UInt8) -> String {
        let text = String(byte, radix: 16)
        return byte < 16 ? "0" + text : text
    }
}
