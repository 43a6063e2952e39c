/// The algorithm and event-type names the machine speaks.
enum MatrixCryptoNames {
    static let olm = "m.olm.v1.curve25519-aes-sha2"
    static let megolm = "m.megolm.v1.aes-sha2"
    static let encrypted = "m.room.encrypted"
    static let roomKey = "m.room_key"
    static let signedCurve25519 = "signed_curve25519"
    /// Matrix events are at most 64 KiB, so no ciphertext in one can be larger.
    static let maxCiphertextBytes = 65_536
}
