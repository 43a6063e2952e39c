import Foundation

/// What smsbox's answer to a `sendsms` request means.
///
/// Kannel 1.4.5 answers (checked against the real one):
/// - 202 `0: Accepted for delivery`, 202 `3: Queued for later delivery`: taken;
/// - 403 `Authorization failed for sendsms`: wrong `sendsms-user` or password;
/// - 400 `Missing receiver number, rejected`, 400 `Number(s) has/have been denied by white-
///   and/or black-lists.`: this text can never go;
/// - 403 `Not routable. Do not try again.`: no SMSC takes the number;
/// - 503 `Temporal failure, try again later.`: bearerbox has no SMSC right now.
enum KannelSendsmsAnswer {
    /// The longest part of Kannel's answer quoted to the user.
    static let maxQuotedLength = 200

    /// Nil when Kannel took the text, else the error to report. `secrets` (the password) are
    /// cut out of anything quoted, in case a proxy in between echoes the request.
    static func error(status: Int, body: String, secrets: [String]) -> SMSProviderError? {
        let answer = quoted(body, secrets: secrets)
        switch status {
        case 200..<300:
            return nil
        case 403 where body.localizedCaseInsensitiveContains("authorization failed"):
            return SMSProviderError("Kannel refused the sendsms user name or password (\(answer)).", isTransient: false)
        case 403 where body.localizedCaseInsensitiveContains("not routable"):
            return SMSProviderError("Kannel has no route to that number (\(answer)).", isTransient: false)
        case 408, 429, 500...:
            return SMSProviderError("Kannel could not take the text now (HTTP \(status): \(answer)); it will be tried again.", isTransient: true)
        default:
            return SMSProviderError("Kannel refused the text (HTTP \(status): \(answer)).", isTransient: false)
        }
    }

    /// Kannel's answer on one line, trimmed, secrets removed, at most ``maxQuotedLength`` characters.
    static func quoted(_ body: String, secrets: [String]) -> String {
        var text = body.trimmingCharacters(in: .whitespacesAndNewlines)
        for secret in secrets where !secret.isEmpty {
            text = text.replacingOccurrences(of: secret, with: "…")
        }
        text = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        if text.isEmpty { return "no answer text" }
        return text.count > maxQuotedLength ? String(text.prefix(maxQuotedLength)) + "…" : text
    }
}
