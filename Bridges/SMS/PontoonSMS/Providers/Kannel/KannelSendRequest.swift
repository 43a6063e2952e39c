import Foundation

/// One `GET /cgi-bin/sendsms` request: the query smsbox reads, built from validated parts.
///
/// Parameters: `username`, `password`, `from`, `to`, `text` (UTF-8), `charset=UTF-8`, `coding`
/// (0 GSM, 2 UCS-2: see ``KannelCoding``), and `dlr-mask` with `dlr-url` when the bridge wants
/// delivery reports (see ``KannelWebhook/dlrURL(statusURL:)``).
struct KannelSendRequest: Sendable, Hashable {
    var from: String
    var to: String
    var text: String
    var coding: KannelCoding
    var dlrMask: KannelDLRMask
    var dlrURL: String?

    /// The request's URL under smsbox's base address (`http://host:port`, no trailing path).
    func url(base: String, username: String, password: String) -> String {
        var query = FormParameters()
        query.append("username", username)
        query.append("password", password)
        query.append("from", from)
        query.append("to", to)
        query.append("text", text)
        query.append("charset", "UTF-8")
        query.append("coding", String(coding.rawValue))
        if let dlrURL, !dlrMask.isEmpty {
            query.append("dlr-mask", String(dlrMask.rawValue))
            query.append("dlr-url", dlrURL)
        }
        return base + "/cgi-bin/sendsms?" + query.encoded
    }

    // MARK: - Validation

    /// Longest number Kannel is given: E.164 is 15 digits; room for a `+` and odd national forms.
    static let maxNumberLength = 20
    /// An alphanumeric sender ID is at most 11 characters on the air interface.
    static let maxSenderNameLength = 11

    /// A recipient is digits with an optional leading `+` (smsbox also accepts spaces and `-`;
    /// the network layer hands over E.164, so anything else is a bug or hostile input).
    static func validRecipient(_ to: String) throws -> String {
        guard isNumber(to) else {
            throw SMSProviderError("\(printable(to)) is not a phone number Kannel can text (digits with an optional +).", isTransient: false)
        }
        return to
    }

    /// The sender: a number like a recipient, or an alphanumeric sender ID of up to 11 letters,
    /// digits and spaces.
    static func validSender(_ from: String) throws -> String {
        if isNumber(from) { return from }
        let isName = !from.isEmpty && from.count <= maxSenderNameLength
            && from.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == " ") }
        guard isName else {
            throw SMSProviderError("\(printable(from)) is not a number or sender name Kannel can send from.", isTransient: false)
        }
        return from
    }

    /// The body without NUL and other control characters (tab, line feed and carriage return
    /// kept): smsbox turns them into `?`, and a NUL would end the text in some SMSC drivers.
    static func cleanBody(_ body: String) -> String {
        var scalars = String.UnicodeScalarView()
        for scalar in body.unicodeScalars {
            let isControl = scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value)
            if !isControl || scalar == "\n" || scalar == "\r" || scalar == "\t" { scalars.append(scalar) }
        }
        return String(scalars)
    }

    private static func isNumber(_ text: String) -> Bool {
        let digits = text.hasPrefix("+") ? text.dropFirst() : Substring(text)
        return !digits.isEmpty && text.count <= maxNumberLength && digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) }
    }

    /// `text` for an error message: quoted, control characters escaped, at most 40 characters.
    static func printable(_ text: String) -> String {
        let escaped = text.unicodeScalars.prefix(40).map { $0.value < 0x20 || $0.value == 0x7F ? $0.escaped(asASCII: true) : String($0) }.joined()
        return "\"" + escaped + (text.unicodeScalars.count > 40 ? "…" : "") + "\""
    }
}
