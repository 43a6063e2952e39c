/// The GSM 03.38 (3GPP TS 23.038) default alphabet and its extension table, as Unicode scalars.
///
/// A basic character costs one septet; an extension character costs two (the escape `0x1B` and its
/// code). The escape itself, position `0x1B` of the basic table, is not a character a text can
/// contain. National language shift tables (Turkish, Spanish, Portuguese, Indian) are not used:
/// few carriers support them, so a text that needs one is counted as UCS-2.
enum GSM7Alphabet {
    /// The 127 printable positions of the basic table, in table order.
    static let basicCharacters = "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
        + "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"

    /// Form feed (page break) and `^ { } \ [ ~ ] | €`.
    static let extensionCharacters = "\u{0C}^{}\\[~]|€"

    static let basic: Set<Unicode.Scalar> = Set(basicCharacters.unicodeScalars)
    static let extended: Set<Unicode.Scalar> = Set(extensionCharacters.unicodeScalars)

    /// Septets `scalar` costs: 1, 2, or nil if GSM-7 can't carry it.
    static func septets(for scalar: Unicode.Scalar) -> Int? {
        if basic.contains(scalar) { return 1 }
        if extended.contains(scalar) { return 2 }
        return nil
    }
}
