/// Random tokens for the registration, from the system's cryptographically secure generator.
public enum SecureToken {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")

    /// `length` characters of base62: 64 of them carry about 381 bits.
    public static func generate(length: Int = 64) -> String {
        var generator = SystemRandomNumberGenerator()
        var token = ""
        token.reserveCapacity(length)
        for _ in 0..<length {
            // `random(in:using:)` is unbiased, unlike taking a random byte modulo 62.
            token.append(alphabet[Int.random(in: 0..<alphabet.count, using: &generator)])
        }
        return token
    }
}
