import PontoonMatrix

/// Why the encryption layer refused an input or could not do its job. Everything hostile input
/// can cause comes out as one of these, never as a crash.
public enum CryptoError: Error, CustomStringConvertible {
    /// libolm refused (bad MAC, unknown index, wrong pickle key, …).
    case olm(OlmError)
    /// A required field is missing or has the wrong shape.
    case malformed(String)
    /// An algorithm other than the one expected (`m.olm.v1.curve25519-aes-sha2`, `m.megolm.v1.aes-sha2`, `A256CTR`, `v2`).
    case unsupportedAlgorithm(String)
    /// A field that must be unpadded base64 is not, or decodes to the wrong length.
    case invalidBase64(String)
    /// Input over the size limit (Matrix events are at most 64 KiB).
    case tooLarge(String)
    /// A signature that should be there is not.
    case missingSignature(String)
    /// A signature that does not verify (wrong key, tampered object, malleable S ≥ ℓ).
    case badSignature(String)
    /// A device's keys name a different user or device than the one asked about.
    case deviceMismatch(String)
    /// An Olm message not addressed to our curve25519 key.
    case notForThisDevice
    /// A device with no Olm session with us, and no claimed one-time key to start one.
    case noOneTimeKey(DeviceKey)
    /// A normal (type 1) Olm message that none of the sessions with that sender key decrypts.
    case noMatchingOlmSession(senderKey: String)
    /// The decrypted payload's `recipient` / `recipient_keys` / `sender` / `keys` are not what they must be.
    case payloadMismatch(String)
    /// No inbound Megolm session for that (room, sender key, session id).
    case unknownMegolmSession(sessionID: String)
    /// A Megolm (session, index) already used by another event: a replay.
    case replayedMessageIndex(sessionID: String, index: UInt32, firstEventID: EventID)
    /// No current, shared outbound session for the room: call ``OlmMachine/roomKeyShares(roomID:devices:claimedOneTimeKeys:rotation:)`` first.
    case noOutboundSession(RoomID)
    /// An attachment's ciphertext does not have the hash its `file` object gives.
    case hashMismatch
    /// The ``CryptoStore`` failed.
    case store(any Error)

    public var description: String {
        switch self {
        case .olm(let error): "libolm: \(error)"
        case .malformed(let reason): "malformed: \(reason)"
        case .unsupportedAlgorithm(let name): "unsupported algorithm \(name)"
        case .invalidBase64(let field): "\(field) is not valid unpadded base64"
        case .tooLarge(let what): "\(what) is too large"
        case .missingSignature(let which): "missing signature \(which)"
        case .badSignature(let which): "bad signature \(which)"
        case .deviceMismatch(let reason): "device mismatch: \(reason)"
        case .notForThisDevice: "the Olm message has no ciphertext for this device's key"
        case .noOneTimeKey(let device): "no Olm session with \(device) and no one-time key claimed for it"
        case .noMatchingOlmSession(let key): "no Olm session with \(key) decrypts the message"
        case .payloadMismatch(let reason): "Olm payload mismatch: \(reason)"
        case .unknownMegolmSession(let id): "unknown Megolm session \(id)"
        case .replayedMessageIndex(let id, let index, let first): "Megolm session \(id) index \(index) was already used by \(first)"
        case .noOutboundSession(let room): "no shared outbound Megolm session for \(room)"
        case .hashMismatch: "the attachment's SHA-256 does not match"
        case .store(let error): "crypto store: \(error)"
        }
    }
}
