/// What Twilio's error codes mean for the person who sent the text, for delivery failures
/// (`ErrorCode` in a status callback, `error_code` in a Message) and refused sends.
///
/// The table holds the codes a bridge user meets in practice (Twilio's error dictionary has
/// hundreds); any other code is reported as "Twilio error <code>" so the user can look it up.
public enum TwilioErrorCodes {
    public static func reason(for code: Int) -> String {
        reasons[code] ?? "Twilio error \(code)"
    }

    static let reasons: [Int: String] = [
        20003: "Twilio refused the credentials: check the account SID and auth token",
        20429: "Twilio is rate limiting this account",
        21211: "The recipient's number is not a valid phone number",
        21408: "This Twilio account is not allowed to send texts to the recipient's country",
        21602: "The text has neither a body nor media",
        21606: "The sending number cannot send texts from this Twilio account",
        21608: "A trial Twilio account can only send to verified numbers",
        21610: "The recipient replied STOP and has unsubscribed from this number",
        21612: "Twilio cannot route a text to the recipient's number",
        21614: "The recipient's number is not a mobile number",
        21617: "The text is longer than Twilio's limit of 1600 characters",
        30001: "Twilio's queue overflowed before the text could be sent",
        30002: "The Twilio account is suspended",
        30003: "The recipient's phone is unreachable (switched off or out of coverage)",
        30004: "The text was blocked (the recipient or their carrier refuses it)",
        30005: "The recipient's number is unknown or no longer in service",
        30006: "The recipient's number is a landline or its carrier cannot take texts",
        30007: "The carrier filtered the text as spam",
        30008: "The carrier reported an unknown error",
        30009: "Part of the text went missing on the way",
        30010: "The text costs more than the maximum price set on the account",
        30032: "The toll-free sending number is not verified",
        30034: "The sending number is not registered for A2P 10DLC",
    ]
}
