import Foundation

/// Reads what Kannel sends the bridge: texts through the `sms-service` `get-url`, and delivery
/// reports through each text's `dlr-url`. Pure functions over the request's parameters; anything
/// missing or garbage throws ``KannelWebhookError`` (the bridge answers 400), unknown parameters
/// are ignored.
public enum KannelWebhook {
    /// The query of the `get-url`, in Kannel 1.4.5's escapes:
    /// `%p` sender, `%P` receiver, `%a` text, `%I` Kannel's message UUID (the same on smsbox's
    /// retries: the bridge de-duplicates by it), `%T` time as Unix seconds (`%t` is local time
    /// without a zone), `%c` coding (0 GSM, 1 8-bit, 2 UCS-2) and `%C` charset of the text
    /// (`UTF-8`, `UTF-16BE`, `8-BIT`).
    public static let getURLQuery = "from=%p&to=%P&text=%a&id=%I&time=%T&coding=%c&charset=%C"

    /// What is appended to a text's ``OutgoingText/statusURL`` to make its `dlr-url`:
    /// `%d` the report type (1, 2, 4, 8, 16) and `%A` the SMSC's reply (the failure reason).
    public static let dlrURLQuery = "type=%d&reply=%A"

    /// Longest text accepted, in UTF-8 bytes (a long concatenated MO is some 40 kB of UCS-2).
    public static let maxTextBytes = 64 * 1024
    /// Longest number, sender name or ID accepted.
    static let maxFieldLength = 128
    /// Latest `time` accepted (9999-12-31), in Unix seconds.
    static let maxUnixSeconds: Int64 = 253_402_300_799

    /// The `get-url` for the bridge's incoming-text address `incomingURL`: its own `%` escaped
    /// for Kannel, then ``getURLQuery``.
    public static func getURL(incomingURL: String) -> String {
        KannelEscapes.appending(getURLQuery, to: incomingURL)
    }

    /// The `dlr-url` for a text whose delivery reports go to `statusURL` (the bridge's, with its
    /// `ref` and `to`): its own `%` escaped for Kannel, then ``dlrURLQuery``.
    public static func dlrURL(statusURL: String) -> String {
        KannelEscapes.appending(dlrURLQuery, to: statusURL)
    }

    /// A text that arrived, from the ``getURLQuery`` parameters.
    ///
    /// UCS-2 texts: smsbox passes their raw UTF-16BE bytes in `%a` (`charset=UTF-16BE`) unless
    /// its `mo-recode = true` turns them into UTF-8 first (see ``KannelSetup``). Raw UTF-16 is
    /// decoded while it survived the query's UTF-8 decoding intact; otherwise this throws and
    /// names `mo-recode`.
    public static func incoming(_ query: FormParameters) throws -> IncomingText {
        let from = try field("from", escape: "%p", in: query)
        let to = try field("to", escape: "%P", in: query)
        let id = try field("id", escape: "%I", in: query)
        let body = try text(query)
        return IncomingText(messageID: id, from: from, to: to, body: body, timestamp: try time(query))
    }

    /// A delivery report from a ``dlrURL(statusURL:)``: the bridge's `ref` and `to`, Kannel's
    /// `type` and `reply`.
    ///
    /// Types: 1 delivered, 2 failed, 4 buffered (→ queued), 8 submitted to the SMSC (→ sent),
    /// 16 refused by the SMSC (→ failed); a failure's reason comes from `reply`.
    public static func deliveryReport(_ query: FormParameters) throws -> DeliveryReport {
        let reference = try field("ref", escape: "the bridge's reference", in: query)
        let recipient = query["to"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 }
        if let recipient { try checkPrintable(recipient, name: "to") }
        guard let type = query["type"], !type.isEmpty else {
            throw KannelWebhookError("missing type: the dlr-url needs type=%d")
        }
        let state: DeliveryState
        switch type.trimmingCharacters(in: .whitespaces) {
        case "1": state = .delivered
        case "2": state = .failed(reason: KannelDeliveryReason.failure(reply: query["reply"], rejected: false))
        case "4": state = .queued
        case "8": state = .sent
        case "16": state = .failed(reason: KannelDeliveryReason.failure(reply: query["reply"], rejected: true))
        default:
            throw KannelWebhookError("type \(KannelSendRequest.printable(type)) is not a Kannel delivery report type (1, 2, 4, 8 or 16)")
        }
        return DeliveryReport(messageID: reference, recipient: recipient, state: state)
    }

    // MARK: - Parameters

    /// A required, printable, bounded parameter, trimmed.
    private static func field(_ name: String, escape: String, in query: FormParameters) throws -> String {
        let value = (query[name] ?? "").trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty else { throw KannelWebhookError("missing \(name): the URL needs \(name)=\(escape)") }
        try checkPrintable(value, name: name)
        return value
    }

    private static func checkPrintable(_ value: String, name: String) throws {
        guard value.count <= maxFieldLength else {
            throw KannelWebhookError("\(name) is \(value.count) characters long, at most \(maxFieldLength) are accepted")
        }
        guard !value.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == "\u{FFFD}" }) else {
            throw KannelWebhookError("\(name) \(KannelSendRequest.printable(value)) has control characters or bytes that are not UTF-8")
        }
    }

    private static func time(_ query: FormParameters) throws -> Int64? {
        guard let raw = query["time"], !raw.isEmpty else { return nil }
        guard raw.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }), let seconds = Int64(raw),
              seconds <= maxUnixSeconds else {
            throw KannelWebhookError("time \(KannelSendRequest.printable(raw)) is not Unix seconds: the get-url needs time=%T")
        }
        return seconds * 1000
    }

    private static func text(_ query: FormParameters) throws -> String {
        let raw = query["text"] ?? ""
        guard raw.utf8.count <= maxTextBytes else {
            throw KannelWebhookError("text is \(raw.utf8.count) bytes long, at most \(maxTextBytes) are accepted")
        }
        let coding = query["coding"].map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard ["", "0", "1", "2"].contains(coding) else {
            throw KannelWebhookError("coding \(KannelSendRequest.printable(coding)) is not a Kannel coding (0, 1 or 2)")
        }
        let charset = (query["charset"] ?? "").trimmingCharacters(in: .whitespaces).uppercased()
        let isUTF16 = ["UTF-16BE", "UTF-16", "UCS-2", "UCS2", "UTF16BE"].contains(charset) || (charset.isEmpty && coding == "2")
        let decoded = isUTF16 ? try utf16(raw) : raw
        return withoutControlCharacters(decoded)
    }

    /// The text of a UCS-2 MO whose raw UTF-16BE bytes were read as UTF-8.
    private static func utf16(_ raw: String) throws -> String {
        let bytes = Array(raw.utf8)
        guard !raw.unicodeScalars.contains("\u{FFFD}"), bytes.count.isMultiple(of: 2) else {
            throw KannelWebhookError("text is UCS-2 that can't be read from the URL: set mo-recode = true in Kannel's smsbox group")
        }
        let units = stride(from: 0, to: bytes.count, by: 2).map { UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]) }
        return String(decoding: units, as: UTF16.self)
    }

    /// NUL and other C0 controls (but tab and line breaks) dropped: a database text column can't
    /// hold a NUL, and nothing a phone sends needs them.
    private static func withoutControlCharacters(_ text: String) -> String {
        guard text.unicodeScalars.contains(where: { $0.value < 0x20 && !["\n", "\r", "\t"].contains($0) }) else { return text }
        return String(String.UnicodeScalarView(text.unicodeScalars.filter { $0.value >= 0x20 || ["\n", "\r", "\t"].contains($0) }))
    }
}
