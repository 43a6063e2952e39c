import Crypto
import Foundation

/// The fake Twilio's own form codec and request signing, written apart from the bridge's
/// (`FormParameters`, `TwilioSignature`) so the fake checks the bridge instead of mirroring it.
public enum FakeTwilioForm {
    /// Reads an `application/x-www-form-urlencoded` body or query: pairs in order, `+` as space.
    public static func parse(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&").map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decode(parts[0])
            return (name, parts.count > 1 ? decode(parts[1]) : "")
        }
    }

    /// Encodes pairs the way Twilio's webhooks do: unreserved characters as they are, the rest `%XX`.
    public static func encode(_ pairs: [(name: String, value: String)]) -> String {
        pairs.map { escape($0.name) + "=" + escape($0.value) }.joined(separator: "&")
    }

    /// `X-Twilio-Signature` for a form POST: base64 HMAC-SHA1 of the URL and each pair's name and
    /// value, pairs sorted by name then value.
    public static func signature(url: String, pairs: [(name: String, value: String)], authToken: String) -> String {
        let sorted = pairs.sorted { lhs, rhs in
            lhs.name != rhs.name ? lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) : lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        let text = sorted.reduce(url) { $0 + $1.name + $1.value }
        let mac = HMAC<Insecure.SHA1>.authenticationCode(for: Data(text.utf8), using: SymmetricKey(data: Data(authToken.utf8)))
        return Data(mac).base64EncodedString()
    }

    private static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }

    private static let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")

    private static func escape(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? text
    }
}
