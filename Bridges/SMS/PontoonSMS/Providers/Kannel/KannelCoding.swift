/// The `coding` a text is handed to Kannel's `sendsms` with, and how much of it fits in one SMS.
///
/// Kannel converts the UTF-8 it is given (`charset=UTF-8`) to the coding asked for: with
/// `coding=0` (GSM 03.38) every character outside the GSM alphabet becomes `?` (checked against
/// Kannel 1.4.5: Cyrillic and emoji arrived as `??????`), so any such character needs `coding=2`
/// (UCS-2), which holds fewer characters per SMS.
enum KannelCoding: Int, Sendable, Hashable {
    /// GSM 03.38 default alphabet, 7 bits a character (`coding=0`).
    case gsm = 0
    /// UCS-2 / UTF-16BE, 16 bits a code unit (`coding=2`).
    case ucs2 = 2

    /// GSM for a text whose every character is in the GSM alphabet or its extension table, else UCS-2.
    static func choose(for text: String) -> KannelCoding {
        text.unicodeScalars.allSatisfy { gsmBasic.contains($0) || gsmExtension.contains($0) } ? .gsm : .ucs2
    }

    /// What one part holds: septets for GSM, UTF-16 code units for UCS-2.
    var singlePartUnits: Int { self == .gsm ? 160 : 70 }
    /// What each part of a concatenated text holds, after its 6-byte UDH.
    var concatenatedPartUnits: Int { self == .gsm ? 153 : 67 }

    /// The units `character` takes: an extension-table character is an escape plus itself in GSM;
    /// a character outside the BMP is a surrogate pair in UCS-2.
    func units(of character: Character) -> Int {
        switch self {
        case .gsm: character.unicodeScalars.reduce(0) { $0 + (Self.gsmExtension.contains($1) ? 2 : 1) }
        case .ucs2: character.utf16.count
        }
    }

    /// The parts `text` takes on the handset.
    func parts(of text: String) -> Int {
        let units = text.reduce(0) { $0 + self.units(of: $1) }
        if units <= singlePartUnits { return 1 }
        return (units + concatenatedPartUnits - 1) / concatenatedPartUnits
    }

    // GSM 03.38 default alphabet (ESC excluded: it only introduces the extension table).
    private static let gsmBasic: Set<Unicode.Scalar> = Set(
        "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
            .unicodeScalars)
    private static let gsmExtension: Set<Unicode.Scalar> = Set("^{}\\[~]|€".unicodeScalars)
}
