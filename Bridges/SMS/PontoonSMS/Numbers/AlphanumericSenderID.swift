/// The rules for senders that aren't phone numbers: alphanumeric sender IDs and short codes.
///
/// A sender ID has 1 to 11 characters (the GSM limit for the originating address field) of GSM
/// letters (`A–Z a–z`, `ÄÖÑÜäöñüàèéùìòÇØøÅåÆæßÉ`, the GSM Greek capitals), digits `0–9`, spaces and
/// `- . _ & ' !`, at least one of them a letter. Senders outside that (an emoji, 12 characters)
/// are refused rather than shown, because no carrier delivers them and they are likely forged.
enum AlphanumericSenderID {
    static let maximumLength = 11
    static let punctuation: Set<Unicode.Scalar> = [" ", "-", ".", "_", "&", "'", "!"]

    /// `text` without surrounding whitespace.
    static func trimmed(_ text: String) -> String {
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }

    /// Whether `text` should be read as a sender ID rather than a number: it has a letter, and
    /// isn't a `tel:` URI.
    static func looksAlphanumeric(_ text: String) -> Bool {
        guard !text.lowercased().hasPrefix("tel:") else { return false }
        return text.unicodeScalars.contains { $0.properties.isAlphabetic }
    }

    /// `text` if it is a valid sender ID, else nil.
    static func validated(_ text: String) -> String? {
        // A cheap bound first: 11 GSM characters are at most 22 UTF-8 bytes.
        guard text.utf8.count <= maximumLength * 2 else { return nil }
        let scalars = text.unicodeScalars
        guard (1...maximumLength).contains(scalars.count),
              scalars.allSatisfy(isAllowed),
              scalars.contains(where: { $0.properties.isAlphabetic })
        else { return nil }
        return text
    }

    static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.isASCII {
            return scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || punctuation.contains(scalar)
        }
        return GSM7Alphabet.basic.contains(scalar) && scalar.properties.isAlphabetic
    }

    /// `text` if it is 3 to 8 ASCII digits and nothing else (the shape of a short code), else nil.
    static func shortCode(_ text: String) -> String? {
        let utf8 = text.utf8
        guard (3...8).contains(utf8.count),
              utf8.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
        else { return nil }
        return text
    }
}
