import Crypto
import Foundation
import PontoonMatrix

/// Signs and checks public media links: an HMAC-SHA256 over the media, the expiry and the file
/// name, so that a link can neither be guessed, nor changed into another file's, nor made to live
/// longer than it was given out for.
struct PublicMediaSigner: Sendable {
    /// What a link points at.
    struct Link: Sendable, Hashable {
        var media: MXCURI
        /// Unix seconds after which the link stops working; 0 for never.
        var expiry: Int64
        var fileName: String
    }

    /// Where the links live on the bridge's listener.
    static let pathPrefix = "/_pontoon/media/v1"
    /// Bytes of the HMAC kept in the URL: 128 bits can't be guessed, and keep IRC lines short.
    static let signatureBytes = 16

    private let key: SymmetricKey

    /// - Parameters:
    ///   - signingKey: `public_media.signing_key`; empty derives a key from `asToken`.
    init(signingKey: String, asToken: String) {
        // Either way the HMAC key is a hash, never the secret itself: a link reveals nothing of it.
        let secret = signingKey.isEmpty ? asToken : signingKey
        let derived = HMAC<SHA256>.authenticationCode(
            for: Data("pontoon public media v1".utf8), using: SymmetricKey(data: Data(secret.utf8)))
        key = SymmetricKey(data: Data(derived))
    }

    /// The link's path (below the external URL), every part percent-encoded.
    func path(for link: Link) -> String {
        let parts = [link.media.server, link.media.mediaID, String(link.expiry), signature(of: link), link.fileName]
        return Self.pathPrefix + "/" + parts.map(Self.encode).joined(separator: "/")
    }

    /// The link that path parameters (already percent-decoded) name, if their signature holds.
    /// Expiry is not checked here: the caller tells an expired link from a forged one.
    func verify(server: String, mediaID: String, expiry: String, signature: String, fileName: String) -> Link? {
        guard let media = try? MXCURI(validating: "mxc://\(server)/\(mediaID)"),
              let seconds = Int64(expiry), seconds >= 0, String(seconds) == expiry
        else { return nil }
        let link = Link(media: media, expiry: seconds, fileName: fileName)
        let expected = Array(self.signature(of: link).utf8)
        let given = Array(signature.utf8)
        guard expected.count == given.count else { return nil }
        // Constant time, so the signature can't be found a byte at a time from response timings.
        var difference: UInt8 = 0
        for (a, b) in zip(expected, given) { difference |= a ^ b }
        return difference == 0 ? link : nil
    }

    private func signature(of link: Link) -> String {
        // Unit separators keep the fields apart: no field may run into the next.
        let message = [link.media.rawValue, String(link.expiry), link.fileName].joined(separator: "\u{1F}")
        let code = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: key)
        return Data(code.prefix(Self.signatureBytes)).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    /// Unreserved characters only, so the path reads back the same through any proxy.
    private static func encode(_ part: String) -> String {
        part.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
    }

    private static let unreserved = CharacterSet(charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

    /// A file name safe in a URL and a `Content-Disposition` header: no slashes or control
    /// characters, not empty, not absurdly long.
    static func safeFileName(_ name: String) -> String {
        let kept = name.unicodeScalars.filter { $0.value >= 0x20 && $0.value != 0x7F && $0 != "/" && $0 != "\\" }
        var cleaned = String(String.UnicodeScalarView(kept)).trimmingCharacters(in: .whitespaces)
        if cleaned.count > 100 { cleaned = String(cleaned.prefix(100)) }
        if cleaned.isEmpty || cleaned == "." || cleaned == ".." { cleaned = "file" }
        return cleaned
    }
}
