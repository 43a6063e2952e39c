import Foundation

/// Text placed into a Kannel URL pattern (`get-url`, `dlr-url`): smsbox replaces every `%x`
/// in it with a value (`%A` the SMSC's reply, `%C` the charset…), so a percent-encoded byte like
/// `%C3` in the bridge's own URL would be mangled. `%%` is Kannel's literal `%` (checked with
/// Kannel 1.4.5: `ref=a%%C3b` arrived as `ref=a%C3b`).
enum KannelEscapes {
    /// `url` with every `%` doubled, and `"` encoded (the config file quotes the pattern).
    static func literal(_ url: String) -> String {
        url.replacingOccurrences(of: "%", with: "%%").replacingOccurrences(of: "\"", with: "%%22")
    }

    /// `pattern` appended to `url`'s query.
    static func appending(_ pattern: String, to url: String) -> String {
        let separator = url.contains("?") ? (url.hasSuffix("?") || url.hasSuffix("&") ? "" : "&") : "?"
        return literal(url) + separator + pattern
    }
}
