/// Configuration text for the admin to paste into Kannel's config file.
public enum KannelSetup {
    /// The `smsbox` group setting the bridge needs: without it smsbox passes UCS-2 texts
    /// (Cyrillic, emoji) as raw UTF-16 in the `get-url`, which a URL can't carry reliably.
    public static let smsboxSettings = "mo-recode = true"

    /// The `sms-service` group that hands every incoming text to the bridge at `incomingURL`
    /// (the login's incoming-text webhook):
    ///
    /// - `keyword = default` with `catch-all = true`: every text, whatever its first word;
    /// - `get-url`: `incomingURL` (its `%` escaped for Kannel) with ``KannelWebhook/getURLQuery``;
    /// - `max-messages = 0`: Kannel must not text the bridge's HTTP answer back to the sender;
    /// - `concatenation = true` is irrelevant with no reply, so absent.
    ///
    /// With `receiverPrefix` (a login's number) the service only takes texts to numbers starting
    /// with it (`allowed-receiver-prefix`), for several logins on one Kannel.
    public static func smsServiceSnippet(incomingURL: String, receiverPrefix: String? = nil) -> String {
        var lines = [
            "group = sms-service",
            "keyword = default",
            "catch-all = true",
            "get-url = \"\(KannelWebhook.getURL(incomingURL: incomingURL))\"",
            "max-messages = 0",
        ]
        if let receiverPrefix, !receiverPrefix.isEmpty {
            lines.append("allowed-receiver-prefix = \"\(receiverPrefix.filter { $0 == "+" || $0.isASCII && $0.isNumber })\"")
        }
        lines.append("# and in the group = smsbox: \(smsboxSettings)")
        return lines.joined(separator: "\n")
    }
}
