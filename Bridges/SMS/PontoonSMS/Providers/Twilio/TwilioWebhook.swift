/// Reads the webhooks Twilio sends a login's number: incoming messages (the number's
/// "A message comes in" URL) and status callbacks (each sent text's `StatusCallback`).
///
/// Pure functions: the bridge's HTTP route validates the signature with ``validate(url:form:signature:authToken:)``,
/// parses, and de-duplicates by message ID (Twilio retries carry the same `MessageSid`).
public enum TwilioWebhook {
    /// Twilio's maximum number of media on one message.
    public static let maxMedia = 10

    /// The answer to an incoming message: TwiML that tells Twilio to do nothing more.
    public static let emptyTwiML = #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#
    /// The content type of ``emptyTwiML``.
    public static let twimlContentType = "text/xml"
    /// The answer to a status callback: this status, empty body. Twilio only needs a 2xx.
    public static let statusCallbackResponseStatus = 200

    /// Whether `signature` (the `X-Twilio-Signature` header, nil when absent) is Twilio's for
    /// `form` POSTed to `url`. `url` must be the URL as Twilio requested it (the public one behind a
    /// reverse proxy, with its query); `authToken` is the account's primary auth token.
    public static func validate(url: String, form: FormParameters, signature: String?, authToken: String) -> Bool {
        TwilioSignature.isValid(signature, url: url, parameters: form, authToken: authToken)
    }

    /// The message in an incoming-message webhook.
    ///
    /// Numbers are passed on as Twilio wrote them (the bridge normalises and validates them). Media
    /// are read for indexes below `NumMedia` only, at most ``maxMedia``; a missing, negative or
    /// non-numeric `NumMedia` means none. Parameters this bridge doesn't use are ignored.
    public static func incoming(_ form: FormParameters) throws -> IncomingText {
        let messageID = try messageSid(form)
        let from = try required("From", in: form)
        let to = try required("To", in: form)
        let count = min(max(Int(form["NumMedia"] ?? "") ?? 0, 0), maxMedia)
        let media = (0..<count).compactMap { index -> IncomingMedia? in
            guard let url = form["MediaUrl\(index)"], !url.isEmpty else { return nil }
            let contentType = form["MediaContentType\(index)"].flatMap { $0.isEmpty ? nil : $0 }
            return IncomingMedia(url: url, contentType: contentType)
        }
        return IncomingText(messageID: messageID, from: from, to: to, body: form["Body"] ?? "", media: media)
    }

    /// The delivery report in a status callback.
    ///
    /// Throws ``TwilioWebhookError/inboundStatus(_:)`` for `receiving`/`received` and
    /// ``TwilioWebhookError/unknownStatus(_:)`` for a status not listed in ``TwilioMessageStatus``:
    /// the bridge acknowledges both and reports nothing.
    public static func statusCallback(_ form: FormParameters) throws -> DeliveryReport {
        let messageID = try messageSid(form)
        guard let status = form["MessageStatus"] ?? form["SmsStatus"], !status.isEmpty else {
            throw TwilioWebhookError.missingParameter("MessageStatus")
        }
        if TwilioMessageStatus.isInbound(status) { throw TwilioWebhookError.inboundStatus(status) }
        let errorCode = form["ErrorCode"].flatMap { Int($0) }
        guard let state = TwilioMessageStatus.deliveryState(status, errorCode: errorCode) else {
            throw TwilioWebhookError.unknownStatus(status)
        }
        let recipient = form["To"].flatMap { $0.isEmpty ? nil : $0 }
        return DeliveryReport(messageID: messageID, recipient: recipient, state: state)
    }

    /// `MessageSid`, or the older `SmsMessageSid`/`SmsSid` Twilio still sends beside it.
    private static func messageSid(_ form: FormParameters) throws -> String {
        for name in ["MessageSid", "SmsMessageSid", "SmsSid"] {
            if let sid = form[name], !sid.isEmpty { return sid }
        }
        throw TwilioWebhookError.missingParameter("MessageSid")
    }

    private static func required(_ name: String, in form: FormParameters) throws -> String {
        guard let value = form[name], !value.isEmpty else { throw TwilioWebhookError.missingParameter(name) }
        return value
    }
}
