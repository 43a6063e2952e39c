import Crypto
import _CryptoExtras
import Foundation
import PontoonMatrix

/// Encrypted attachments (spec "Sending encrypted attachments", `v2`): AES-256-CTR with a random
/// key and a 16-byte counter block whose low 8 bytes start at zero, and the SHA-256 of the
/// ciphertext. Not libolm: swift-crypto's `AES._CTR` (BoringSSL) does the cipher.
public enum AttachmentCrypto {
    /// Ciphertext to upload plus the ``EncryptedFile`` fields other than `url`.
    public struct Encrypted: Sendable {
        public let ciphertext: Data
        public let key: JSONWebKey
        public let iv: String
        public let sha256: String

        /// The `file` object once the ciphertext is uploaded at `url`.
        public func file(url: MXCURI) -> EncryptedFile {
            EncryptedFile(url: url, key: key, iv: iv, hashes: ["sha256": sha256], v: "v2")
        }
    }

    /// Encrypts `plaintext` under a fresh key and IV.
    public static func encrypt(_ plaintext: some DataProtocol) -> Encrypted {
        let key = SymmetricKey(size: .bits256)
        var iv = [UInt8](repeating: 0, count: 16)
        var generator = SystemRandomNumberGenerator()
        // Random high 8 bytes; the low 8 (the block counter) stay zero so no client's 64-bit
        // counter can wrap.
        withUnsafeBytes(of: generator.next() as UInt64) { iv.replaceSubrange(0..<8, with: $0) }
        let ciphertext: Data
        do {
            ciphertext = try AES._CTR.encrypt(plaintext, using: key, nonce: AES._CTR.Nonce(nonceBytes: iv))
        } catch {
            // Only a wrong key or nonce size can fail, and both are fixed here.
            preconditionFailure("AES-CTR with a 256-bit key and 16-byte nonce failed: \(error)")
        }
        let k = key.withUnsafeBytes { UnpaddedBase64.encode(Data($0), urlSafe: true) }
        return Encrypted(ciphertext: ciphertext, key: JSONWebKey(k: k), iv: UnpaddedBase64.encode(iv),
                         sha256: UnpaddedBase64.encode(Data(SHA256.hash(data: ciphertext))))
    }

    /// Decrypts a downloaded attachment after checking `file`: version `v2`, an `oct` `A256CTR`
    /// key of 32 bytes allowed to decrypt, a 16-byte IV, and the ciphertext's SHA-256, which is
    /// checked before anything is decrypted.
    public static func decrypt(_ ciphertext: some DataProtocol, file: EncryptedFile) throws(CryptoError) -> Data {
        guard file.v == "v2" else { throw .unsupportedAlgorithm("encrypted file version \(file.v)") }
        guard file.key.kty == "oct", file.key.alg == "A256CTR" else { throw .unsupportedAlgorithm("\(file.key.kty)/\(file.key.alg)") }
        guard file.key.keyOps.contains("decrypt") else { throw .malformed("key_ops does not allow decrypt") }
        guard let keyBytes = UnpaddedBase64.decode(file.key.k, urlSafe: true), keyBytes.count == 32 else { throw .invalidBase64("key.k (32 bytes)") }
        guard let iv = UnpaddedBase64.decode(file.iv), iv.count == 16 else { throw .invalidBase64("iv (16 bytes)") }
        guard let expected = file.hashes["sha256"].flatMap({ UnpaddedBase64.decode($0) }), expected.count == 32 else {
            throw .invalidBase64("hashes.sha256")
        }
        let actual = Array(SHA256.hash(data: Data(ciphertext)))
        // Constant time is not needed (the hash is public) but costs nothing.
        guard zip(actual, expected).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0 else { throw .hashMismatch }
        do {
            return try AES._CTR.decrypt(ciphertext, using: SymmetricKey(data: keyBytes), nonce: AES._CTR.Nonce(nonceBytes: iv))
        } catch {
            throw .malformed("AES-CTR: \(error)")
        }
    }
}
