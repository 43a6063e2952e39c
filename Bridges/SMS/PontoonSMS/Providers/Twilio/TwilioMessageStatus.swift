/// Twilio's `MessageStatus` / `status` values and what they mean as a ``DeliveryState``.
public enum TwilioMessageStatus {
    /// The delivery state of an outbound text in `status`, or nil for a status that is not about
    /// an outbound text's delivery: `receiving`/`received` belong to inbound messages, and a status
    /// Twilio may add later is unknown here.
    ///
    /// `failed`/`undelivered` carry the reason from `errorCode` (see ``TwilioErrorCodes``);
    /// `canceled` is a scheduled text that will never be sent.
    public static func deliveryState(_ status: String, errorCode: Int?) -> DeliveryState? {
        switch status.lowercased() {
        case "queued", "accepted", "scheduled", "sending":
            return .queued
        case "sent":
            return .sent
        case "delivered", "read":
            return .delivered
        case "failed", "undelivered":
            let reason = errorCode.map(TwilioErrorCodes.reason(for:)) ?? "Twilio could not deliver the text"
            return .failed(reason: reason)
        case "canceled":
            return .failed(reason: "The scheduled text was canceled")
        default:
            return nil
        }
    }

    /// Whether `status` is one Twilio gives inbound messages (`receiving`, `received`).
    public static func isInbound(_ status: String) -> Bool {
        ["receiving", "received"].contains(status.lowercased())
    }
}
