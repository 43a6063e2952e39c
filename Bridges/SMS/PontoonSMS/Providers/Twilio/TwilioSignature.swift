import Crypto
import Foundation

/// Twilio's request signature (`X-Twilio-Signature`): base64 of HMAC-SHA1 keyed with the account's
/// auth token over the full URL Twilio requested followed by every POST parameter, sorted by name
/// (and by value where a name repeats), as name + value.
///
/// Twilio signs with the account's primary auth token even when the bridge sends with an API key,
/// so validation always needs that token.
public enum TwilioSignature {
    /// The header Twilio puts the signature in.
    public static let headerName = "X-Twilio-Signature"

    /// The signature Twilio would send for a form POST to `url`.
    public static func compute(url: String, parameters: FormParameters, authToken: String) -> String {
        Data(mac(url: url, parameters: parameters, authToken: authToken)).base64EncodedString()
    }

    /// Whether `signature` is Twilio's for a form POST of `parameters` to `url`.
    ///
    /// Like Twilio's own validators, the URL is also tried without its port and, when it has none,
    /// with the scheme's default port (https 443, http 80): Twilio's signing side is inconsistent
    /// about ports. A missing, empty or malformed signature is invalid. Comparison is constant-time.
    public static func isValid(_ signature: String?, url: String, parameters: FormParameters, authToken: String) -> Bool {
        guard let expected = decode(signature) else { return false }
        // Every candidate is checked, so timing doesn't tell which form of the URL matched.
        var valid = false
        for candidate in WebhookURLVariants.candidates(for: url) {
            let mac = mac(url: candidate, parameters: parameters, authToken: authToken)
            valid = constantTimeEqual(mac, expected) || valid
        }
        return valid
    }

    /// Whether `signature` is Twilio's for a JSON `body` POSTed to `url`.
    ///
    /// For JSON bodies Twilio adds `bodySHA256=<hex SHA-256 of the body>` to the URL's query and signs
    /// the URL alone; the hash must match the body and the signature the URL.
    public static func isValid(_ signature: String?, url: String, jsonBody: [UInt8], authToken: String) -> Bool {
        guard let query = url.split(separator: "?", maxSplits: 1).dropFirst().first,
              let claimed = FormParameters(parsing: query.split(separator: "#").first ?? "")["bodySHA256"]
        else { return false }
        let bodyMatches = constantTimeEqual(Array(bodySHA256(jsonBody).utf8), Array(claimed.lowercased().utf8))
        let signatureMatches = isValid(signature, url: url, parameters: FormParameters(), authToken: authToken)
        return bodyMatches && signatureMatches
    }

    /// The lowercase hex SHA-256 Twilio puts in `bodySHA256`.
    public static func bodySHA256(_ body: [UInt8]) -> String {
        SHA256.hash(data: body).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 16 ? "0" + hex : hex
        }.joined()
    }

    /// The string Twilio signs: the URL, then name + value of every pair sorted by UTF-8 bytes of
    /// the name and then the value (code point order, as Twilio's validators sort).
    static func signedText(url: String, parameters: FormParameters) -> String {
        let sorted = parameters.pairs.sorted { lhs, rhs in
            if lhs.name != rhs.name { return lhs.name.utf8.lexicographicallyPrecedes(rhs.name.utf8) }
            return lhs.value.utf8.lexicographicallyPrecedes(rhs.value.utf8)
        }
        return sorted.reduce(into: url) { text, pair in
            text += pair.name
            text += pair.value
        }
    }

    private static func mac(url: String, parameters: FormParameters, authToken: String) -> [UInt8] {
        let key = SymmetricKey(data: Array(authToken.utf8))
        let code = HMAC<Insecure.SHA1>.authenticationCode(for: Array(signedText(url: url, parameters: parameters).utf8), using: key)
        return Array(code)
    }

    /// The 20 MAC bytes of a well-formed header, or nil. Only canonical base64 is well formed:
    /// the decoder ignores the padding bits of the last character, so `…B9=` would otherwise pass
    /// for `…B8=`, which Twilio's string-comparing validators refuse.
    private static func decode(_ signature: String?) -> [UInt8]? {
        guard let signature, !signature.isEmpty, let data = Data(base64Encoded: signature),
              data.count == Insecure.SHA1.byteCount, data.base64EncodedString() == signature else { return nil }
        return Array(data)
    }

    private static func constantTimeEqual(_ lhs: [UInt8], _ rhs: [UInt8]) -> Bool {
        guard lhs.count == rhs.count else { return false }
        var difference: UInt8 = 0
        for index in lhs.indices {
            difference |= lhs[index] ^ rhs[index]
        }
        return difference == 0
    }
}
