import Foundation

/// SASL payloads for `AUTHENTICATE`.
public enum SASL {
    /// PLAIN: base64 of `authzid \0 authcid \0 password` in 400-byte chunks, with a final `+` when
    /// the last chunk is exactly 400 bytes (so the server knows it ended).
    public static func plainChunks(account: String, password: String) -> [String] {
        let payload = Data((account + "\u{0}" + account + "\u{0}" + password).utf8).base64EncodedString()
        var chunks: [String] = []
        var rest = Substring(payload)
        while !rest.isEmpty {
            chunks.append(String(rest.prefix(400)))
            rest = rest.dropFirst(400)
        }
        if chunks.isEmpty || chunks.last?.count == 400 { chunks.append("+") }
        return chunks
    }

    /// EXTERNAL: the TLS client certificate is the credential; the payload is empty.
    public static let externalChunks = ["+"]
}
