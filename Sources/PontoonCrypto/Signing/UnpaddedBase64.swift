import Foundation

/// Matrix base64: standard alphabet without `=` padding for keys, signatures and ciphertexts; the
/// URL-safe alphabet for JWK `k`. Decoding accepts input with or without padding, as the spec
/// ("Unpadded Base64") asks, and rejects anything else (other characters, impossible lengths).
public enum UnpaddedBase64 {
    /// Unpadded standard (or, with `urlSafe`, URL-safe) base64 of `bytes`.
    public static func encode(_ bytes: some DataProtocol, urlSafe: Bool = false) -> String {
        var text = Data(bytes).base64EncodedString()
        while text.last == "=" { text.removeLast() }
        if urlSafe {
            text = String(text.map { $0 == "+" ? "-" : $0 == "/" ? "_" : $0 })
        }
        return text
    }

    /// The bytes of `text`, or `nil` when it is not base64 of the chosen alphabet.
    public static func decode(_ text: String, urlSafe: Bool = false) -> [UInt8]? {
        var body = Substring(text)
        while body.last == "=" { body.removeLast() }
        // Padding is at most two characters, and only where it belongs.
        guard text.count - body.count <= 2, body.count % 4 != 1 else { return nil }
        if text.count != body.count, text.count % 4 != 0 { return nil }
        var standard = String(body)
        if urlSafe {
            guard !standard.contains("+"), !standard.contains("/") else { return nil }
            standard = String(standard.map { $0 == "-" ? "+" : $0 == "_" ? "/" : $0 })
        }
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        guard let data = Data(base64Encoded: standard) else { return nil }
        return [UInt8](data)
    }
}
