import Foundation
import Testing
import PontoonMatrix
@testable import PontoonCrypto

@Suite("Encrypted attachments (AES-256-CTR, v2)")
struct AttachmentTests {
    let url: MXCURI = "mxc://localhost/abc"

    @Test("a round trip gives back the bytes; the file object has the spec's JWK and a zero counter")
    func roundTrip() throws {
        let plaintext = Data((0..<100_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let encrypted = AttachmentCrypto.encrypt(plaintext)
        #expect(encrypted.ciphertext != plaintext)
        #expect(encrypted.ciphertext.count == plaintext.count)
        let file = encrypted.file(url: url)
        #expect(file.key.json == ["kty": "oct", "key_ops": ["encrypt", "decrypt"], "alg": "A256CTR", "k": .string(file.key.k), "ext": true])
        #expect(UnpaddedBase64.decode(file.key.k, urlSafe: true)?.count == 32)
        let iv = try #require(UnpaddedBase64.decode(file.iv))
        #expect(iv.count == 16)
        #expect(iv[8...].allSatisfy { $0 == 0 })
        #expect(file.v == "v2")
        #expect(try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) == plaintext)
        // Through JSON and back, as it travels in the event.
        #expect(try AttachmentCrypto.decrypt(encrypted.ciphertext, file: EncryptedFile(json: file.json)) == plaintext)
        #expect(try AttachmentCrypto.decrypt(Data(), file: AttachmentCrypto.encrypt(Data()).file(url: url)) == Data())
    }

    @Test("matrix-org/browser-encrypt-attachment's v2 test vector decrypts to \"Hello, World\"")
    func knownVector() throws {
        let file = EncryptedFile(url: url, key: JSONWebKey(k: "__________________________________________8"),
                                 iv: "//////////8AAAAAAAAAAA", hashes: ["sha256": "YzF08lARDdOCzJpzuSwsjTNlQc4pHxpdHcXiD/wpK6k"])
        let ciphertext = try #require(UnpaddedBase64.decode("5xJZTt5cQicm+9f4"))
        #expect(try AttachmentCrypto.decrypt(ciphertext, file: file) == Data("Hello, World".utf8))
    }

    @Test("a wrong hash or a tampered ciphertext is refused before decrypting")
    func wrongHash() throws {
        let encrypted = AttachmentCrypto.encrypt(Data("secret".utf8))
        var file = encrypted.file(url: url)
        var tampered = encrypted.ciphertext
        tampered[0] ^= 1
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(tampered, file: file) }
        file.hashes["sha256"] = UnpaddedBase64.encode(Data(repeating: 0, count: 32))
        let error = Self.error { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
        guard case .hashMismatch = error else { Issue.record("got \(String(describing: error))"); return }
        file.hashes = [:]
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
    }

    @Test("wrong key length, unknown algorithm or version, a bad IV and a key not for decrypting are refused")
    func badParameters() {
        let encrypted = AttachmentCrypto.encrypt(Data("secret".utf8))
        let good = encrypted.file(url: url)
        var file = good
        file.key.k = UnpaddedBase64.encode(Data(repeating: 1, count: 16), urlSafe: true)
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
        file = good
        file.key.alg = "A128CTR"
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
        file = good
        file.v = "v1"
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
        file = good
        file.iv = "AAAA"
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
        file = good
        file.key.keyOps = ["encrypt"]
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
        file = good
        file.key.k = "not base64!"
        #expect(throws: CryptoError.self) { try AttachmentCrypto.decrypt(encrypted.ciphertext, file: file) }
    }

    static func error(_ body: () throws -> some Any) -> CryptoError? {
        do { _ = try body(); return nil } catch let error as CryptoError { return error } catch { return nil }
    }
}
