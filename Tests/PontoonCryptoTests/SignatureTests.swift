import Testing
import PontoonMatrix
@testable import PontoonCrypto

@Suite("Ed25519 signatures on device keys and one-time keys")
struct SignatureTests {
    /// ℓ, the order of the Ed25519 group, little-endian.
    static let groupOrder: [UInt8] = [
        0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
        0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10,
    ]

    /// The same signature with S replaced by S + ℓ: the same point equation holds, so a verifier
    /// that does not check S < ℓ accepts it (CVE-2024-45193).
    static func malleated(_ signature: String) -> String {
        var bytes = UnpaddedBase64.decode(signature)!
        var carry = 0
        for i in 0..<32 {
            let sum = Int(bytes[32 + i]) + Int(groupOrder[i]) + carry
            bytes[32 + i] = UInt8(sum & 0xff)
            carry = sum >> 8
        }
        return UnpaddedBase64.encode(bytes)
    }

    static func replacingSignature(in deviceKeys: JSONValue, user: UserID, keyID: String, with signature: String) -> JSONValue {
        var object = deviceKeys.objectValue!
        object["signatures"] = .object([user.rawValue: .object([keyID: .string(signature)])])
        return .object(object)
    }

    @Test("a device's own upload verifies, and is filed under its user and device")
    func ownUploadVerifies() async throws {
        let pair = try await Pair.make()
        #expect(pair.userDevice.curve25519 == pair.user.identityKeys.curve25519)
        #expect(pair.userDevice.ed25519 == pair.user.identityKeys.ed25519)
    }

    @Test("unsigned fields do not affect the signature; signed ones do")
    func unsignedIsIgnored() async throws {
        let pair = try await Pair.make()
        var keys = pair.userUpload["device_keys"]!.objectValue!
        keys["unsigned"] = ["device_display_name": "Alice's phone"]
        _ = try DeviceIdentity.verified(deviceKeys: .object(keys), userID: Pair.alice, deviceID: "ALICEDEV")
        keys["algorithms"] = ["m.olm.v1.curve25519-aes-sha2"]
        #expect(throws: CryptoError.self) { try DeviceIdentity.verified(deviceKeys: .object(keys), userID: Pair.alice, deviceID: "ALICEDEV") }
    }

    @Test("a well-formed signature by another key is rejected")
    func forgedSignature() async throws {
        let pair = try await Pair.make()
        let keys = pair.userUpload["device_keys"]!
        // The bridge signs Alice's device keys: a valid signature, but not by Alice's key.
        let forged = try await pair.bridge.signed(keys)["signatures"]!["@bot:localhost"]!["ed25519:BOTDEV"]!.stringValue!
        let tampered = Self.replacingSignature(in: keys, user: Pair.alice, keyID: "ed25519:ALICEDEV", with: forged)
        let error = await cryptoError { try DeviceIdentity.verified(deviceKeys: tampered, userID: Pair.alice, deviceID: "ALICEDEV") }
        guard case .badSignature = error else { Issue.record("expected badSignature, got \(String(describing: error))"); return }
    }

    @Test("a malleable signature (S + ℓ) is rejected, though libolm's own verify accepts it")
    func malleableSignature() async throws {
        let pair = try await Pair.make()
        let keys = pair.userUpload["device_keys"]!
        let original = keys["signatures"]!["@alice:localhost"]!["ed25519:ALICEDEV"]!.stringValue!
        let malleated = Self.malleated(original)
        #expect(malleated != original)
        let message = try SignedJSON.signingBytes(of: keys)
        #expect(LibolmEd25519.isValid(signature: original, of: message, publicKey: pair.userDevice.ed25519))
        #expect(LibolmEd25519.isValid(signature: malleated, of: message, publicKey: pair.userDevice.ed25519),
                "libolm 3.2.13 is expected to accept S ≥ ℓ (CVE-2024-45193)")
        #expect(!Ed25519Verifier.isValid(signature: malleated, of: message, publicKey: pair.userDevice.ed25519))
        let tampered = Self.replacingSignature(in: keys, user: Pair.alice, keyID: "ed25519:ALICEDEV", with: malleated)
        let error = await cryptoError { try DeviceIdentity.verified(deviceKeys: tampered, userID: Pair.alice, deviceID: "ALICEDEV") }
        guard case .badSignature = error else { Issue.record("expected badSignature, got \(String(describing: error))"); return }
    }

    @Test("keys filed under another user or device are rejected")
    func mismatchedIdentity() async throws {
        let pair = try await Pair.make()
        let keys = pair.userUpload["device_keys"]!
        let otherDevice = await cryptoError { try DeviceIdentity.verified(deviceKeys: keys, userID: Pair.alice, deviceID: "OTHER") }
        guard case .deviceMismatch = otherDevice else { Issue.record("got \(String(describing: otherDevice))"); return }
        let otherUser = await cryptoError { try DeviceIdentity.verified(deviceKeys: keys, userID: "@mallory:localhost", deviceID: "ALICEDEV") }
        guard case .deviceMismatch = otherUser else { Issue.record("got \(String(describing: otherUser))"); return }
    }

    @Test("missing signatures, missing keys, bad base64 and non-objects are rejected")
    func malformedDeviceKeys() async throws {
        let pair = try await Pair.make()
        var keys = pair.userUpload["device_keys"]!.objectValue!
        keys["signatures"] = nil
        #expect(throws: CryptoError.self) { try DeviceIdentity.verified(deviceKeys: .object(keys), userID: Pair.alice, deviceID: "ALICEDEV") }
        keys = pair.userUpload["device_keys"]!.objectValue!
        keys["keys"] = ["ed25519:ALICEDEV": "!!!!", "curve25519:ALICEDEV": "!!!!"]
        #expect(throws: CryptoError.self) { try DeviceIdentity.verified(deviceKeys: .object(keys), userID: Pair.alice, deviceID: "ALICEDEV") }
        #expect(throws: CryptoError.self) { try DeviceIdentity.verified(deviceKeys: "a string", userID: Pair.alice, deviceID: "ALICEDEV") }
        #expect(throws: CryptoError.self) { try DeviceIdentity.verified(deviceKeys: [:], userID: Pair.alice, deviceID: "ALICEDEV") }
    }

    @Test("a claimed one-time key verifies against its device; tampered or unsigned ones do not")
    func oneTimeKeySignatures() async throws {
        let pair = try await Pair.make()
        let claimed = claimOneTimeKey(from: pair.userUpload)
        let key = try pair.userDevice.verifiedOneTimeKey(claimed)
        #expect(claimed.objectValue!.first!.value["key"]?.stringValue == key)
        // Alice's key checked as if it were the bridge's device: wrong signer.
        #expect(throws: CryptoError.self) { try pair.bridgeDevice.verifiedOneTimeKey(claimed) }
        // Another valid key swapped in under the old signature.
        let (id, object) = claimed.objectValue!.first!
        var swapped = object.objectValue!
        swapped["key"] = .string(pair.bridge.identityKeys.curve25519)
        #expect(throws: CryptoError.self) { try pair.userDevice.verifiedOneTimeKey(.object([id: .object(swapped)])) }
        // S + ℓ on the one-time key's signature.
        let signature = object["signatures"]!["@alice:localhost"]!["ed25519:ALICEDEV"]!.stringValue!
        var malleable = object.objectValue!
        malleable["signatures"] = ["@alice:localhost": ["ed25519:ALICEDEV": .string(Self.malleated(signature))]]
        #expect(throws: CryptoError.self) { try pair.userDevice.verifiedOneTimeKey(.object([id: .object(malleable)])) }
        // Unsigned curve25519 keys, empty and multiple entries.
        #expect(throws: CryptoError.self) { try pair.userDevice.verifiedOneTimeKey(["curve25519:AAAAAQ": .string(key)]) }
        #expect(throws: CryptoError.self) { try pair.userDevice.verifiedOneTimeKey([:]) }
        #expect(throws: CryptoError.self) { try pair.userDevice.verifiedOneTimeKey(claimOneTimeKey(from: pair.userUpload).merging(claimOneTimeKey(from: pair.userUpload, index: 1))) }
    }
}

extension JSONValue {
    func merging(_ other: JSONValue) -> JSONValue {
        .object(objectValue!.merging(other.objectValue!) { a, _ in a })
    }
}
