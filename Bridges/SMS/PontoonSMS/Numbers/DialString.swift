/// A number as typed, reduced to what matters: whether it began with `+`, and its digits.
///
/// One pass over the scalars, no backtracking. Accepted and dropped: spaces (including no-break
/// and ideographic ones), `-` and the Unicode dashes, `.`, `/`, parentheses (ASCII and fullwidth),
/// a leading `tel:`, and the invisible direction marks and joiners that contact apps and RTL text
/// wrap numbers in. Digits 0–9 may also be fullwidth (Japanese and Chinese input methods) or
/// Arabic-Indic / Persian (Arabic and Persian keyboards); they are read as ASCII. Anything else is
/// an error: letters (vanity numbers such as 1-800-FLOWERS are not translated), other digits,
/// controls, symbols.
struct DialString: Sendable, Hashable {
    var hasPlus: Bool
    /// ASCII digits only.
    var digits: String

    /// Longer than any sensible way of writing 15 digits; checked before reading anything.
    static let maximumUTF8Length = 100
    /// More than an international prefix (up to 5 digits) plus the 15 of E.164.
    static let maximumDigits = 20

    init(scanning text: String) throws(PhoneNumberError.Reason) {
        guard text.utf8.count <= Self.maximumUTF8Length else { throw .tooLong }
        var scalars = text.unicodeScalars[...]
        while let first = scalars.first, first.properties.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.properties.isWhitespace { scalars.removeLast() }
        guard !scalars.isEmpty else { throw .empty }
        if String(scalars.prefix(4)).lowercased() == "tel:" {
            scalars.removeFirst(4)
        }

        var hasPlus = false
        var digits = ""
        for scalar in scalars {
            if let digit = Self.digitValue(of: scalar) {
                guard digits.utf8.count < Self.maximumDigits else { throw .tooManyDigits }
                digits.unicodeScalars.append(Unicode.Scalar(UInt8(ascii: "0") + digit))
            } else if scalar == "+" || scalar == "\u{FF0B}" {
                guard !hasPlus, digits.isEmpty else { throw .misplacedPlus }
                hasPlus = true
            } else if Self.isSeparator(scalar) || Self.isInvisibleMark(scalar) {
                continue
            } else if scalar.properties.numericType == .decimal {
                throw .unsupportedDigit(scalar)
            } else if scalar.properties.isAlphabetic {
                throw .letters
            } else if scalar.properties.generalCategory == .control {
                throw .controlCharacter
            } else {
                throw .invalidCharacter(scalar)
            }
        }
        guard !digits.isEmpty else { throw .noDigits }
        self.hasPlus = hasPlus
        self.digits = digits
    }

    /// 0–9 for the digit families read here, nil for anything else.
    static func digitValue(of scalar: Unicode.Scalar) -> UInt8? {
        let value = scalar.value
        for zero: UInt32 in [0x30, 0xFF10, 0x0660, 0x06F0] where value >= zero && value <= zero + 9 {
            return UInt8(value - zero)
        }
        return nil
    }

    static func isSeparator(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x20, 0xA0, 0x2000...0x200A, 0x202F, 0x205F, 0x3000: true  // spaces
        case 0x2D, 0x2010...0x2015, 0x2212, 0xFF0D: true                 // hyphen, dashes, minus
        case 0x2E, 0x2F, 0x28, 0x29, 0xFF08, 0xFF09: true                // . / ( )
        default: false
        }
    }

    /// Zero-width spaces and joiners, direction marks, embeddings and isolates, the BOM: they
    /// carry no digit, and iOS, Android and RTL documents put them around numbers.
    static func isInvisibleMark(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x200B...0x200F, 0x202A...0x202E, 0x2060, 0x2066...0x2069, 0x061C, 0xFEFF: true
        default: false
        }
    }
}
