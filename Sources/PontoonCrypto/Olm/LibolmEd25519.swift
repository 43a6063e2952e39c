import COlm

/// libolm's own `olm_ed25519_verify`, kept only to show in tests why the bridge does not use it:
/// it accepts malleable signatures (S ≥ ℓ, CVE-2024-45193). Use ``Ed25519Verifier``.
enum LibolmEd25519 {
    static func isValid(signature: String, of message: [UInt8], publicKey: String) -> Bool {
        let memory = OlmMemory(size: olm_utility_size())
        let utility = olm_utility(memory.raw)
        defer { _ = olm_clear_utility(utility) }
        let key = Array(publicKey.utf8)
        var signatureBytes = OlmCall.scratchCopy(of: signature)
        let count = signature.utf8.count
        // size_t, compared with olm_error(): read as a C int, an error would look like success.
        let result: Int = key.withUnsafeBytes { key in
            message.withUnsafeBytes { message in
                signatureBytes.withUnsafeMutableBytes {
                    olm_ed25519_verify(utility, key.baseAddress, key.count, message.baseAddress, message.count, $0.baseAddress, count)
                }
            }
        }
        return result != OlmCall.errorValue
    }
}
