import Crypto

/// Ed25519 verification with swift-crypto rather than libolm: its BoringSSL rejects signatures
/// whose S is not below the group order ℓ (RFC 8032 §5.1.7), which `olm_ed25519_verify` does not
/// (CVE-2024-45193, malleable signatures).
public enum Ed25519Verifier {
    /// Whether `signature` (unpadded base64, 64 bytes) is `publicKey`'s (unpadded base64, 32 bytes)
    /// signature of `message`. Malformed keys or signatures are simply not valid.
    public static func isValid(signature: String, of message: [UInt8], publicKey: String) -> Bool {
        guard let keyBytes = UnpaddedBase64.decode(publicKey), keyBytes.count == 32,
              let signatureBytes = UnpaddedBase64.decode(signature), signatureBytes.count == 64,
              let key = try? Curve25519.Signing.PublicKey(rawRepresentation: keyBytes)
        else { return false }
        return key.isValidSignature(signatureBytes, for: message)
    }
}
