/// Character references (`&amp;`, `&#65;`, `&#x1F600;`) in HTML text and attribute values.
public enum HTMLEntities {
    /// Decodes named references (`amp lt gt quot apos nbsp`, the Latin-1 names such as `eacute`,
    /// and common punctuation such as `mdash hellip euro`), decimal `&#123;` and hex `&#x1F;`
    /// references. A numeric reference whose code point is zero, above U+10FFFF, a surrogate or a
    /// control character becomes U+FFFD; an unknown name stays exactly as written.
    public static func decode(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.contains(ampersand) else { return text }
        var result: [UInt8] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == ampersand, let (scalar, length) = reference(in: bytes, at: index) else {
                result.append(byte)
                index += 1
                continue
            }
            result.append(contentsOf: scalar.utf8)
            index += length
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let ampersand = UInt8(ascii: "&")
    private static let semicolon = UInt8(ascii: ";")

    /// The reference starting with the `&` at `start` and its length in bytes, or nil when the
    /// text there is no reference we know (it is then kept as written).
    private static func reference(in bytes: [UInt8], at start: Int) -> (Unicode.Scalar, Int)? {
        var index = start + 1
        guard index < bytes.count else { return nil }
        if bytes[index] == UInt8(ascii: "#") {
            return numericReference(in: bytes, from: index + 1).map { ($0.0, $0.1 - start) }
        }
        // Names are short ASCII alphanumerics ended by ";": bounded so "&aaaa…" costs nothing.
        let nameStart = index
        while index < bytes.count, index - nameStart < 32, isASCIIAlphanumeric(bytes[index]) { index += 1 }
        guard index > nameStart, index < bytes.count, bytes[index] == semicolon else { return nil }
        let name = String(decoding: bytes[nameStart..<index], as: UTF8.self)
        guard let scalar = named[name] else { return nil }
        return (scalar, index + 1 - start)
    }

    /// Digits after `&#`: returns the scalar and the index just past the reference. HTML accepts
    /// a numeric reference without its ";", so we do too.
    private static func numericReference(in bytes: [UInt8], from start: Int) -> (Unicode.Scalar, Int)? {
        var index = start
        let isHex = index < bytes.count && (bytes[index] | 0x20) == UInt8(ascii: "x")
        if isHex { index += 1 }
        let digitsStart = index
        var value: UInt32 = 0
        while index < bytes.count, let digit = digitValue(bytes[index], hex: isHex) {
            // Saturate instead of overflowing: any value past U+10FFFF is equally invalid.
            value = min(value &* (isHex ? 16 : 10) &+ digit, 0x11_0000)
            index += 1
        }
        guard index > digitsStart else { return nil }
        if index < bytes.count, bytes[index] == semicolon { index += 1 }
        return (scalar(forCodePoint: value), index)
    }

    private static func scalar(forCodePoint value: UInt32) -> Unicode.Scalar {
        let replacement: Unicode.Scalar = "\u{FFFD}"
        // Browsers read 0x80–0x9F as Windows-1252, because that is what such pages meant.
        if (0x80...0x9F).contains(value) { return windows1252[Int(value - 0x80)] ?? replacement }
        switch value {
        case 0x09, 0x0A, 0x0C, 0x0D: break
        // Other controls would reach chat networks as control codes (an IRC colour, a CTCP marker).
        case 0...0x1F, 0x7F: return replacement
        default: break
        }
        return Unicode.Scalar(value) ?? replacement  // nil for surrogates and past U+10FFFF
    }

    private static func digitValue(_ byte: UInt8, hex: Bool) -> UInt32? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
        case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: UInt32(byte - UInt8(ascii: "a") + 10)
        case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: UInt32(byte - UInt8(ascii: "A") + 10)
        default: nil
        }
    }

    private static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
    }

    /// 0x80–0x9F as Windows-1252; nil where that code page has a hole.
    private static let windows1252: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]

    /// The Latin-1 names, in code point order from U+00A0.
    private static let latin1Names = [
        "nbsp", "iexcl", "cent", "pound", "curren", "yen", "brvbar", "sect", "uml", "copy", "ordf", "laquo",
        "not", "shy", "reg", "macr", "deg", "plusmn", "sup2", "sup3", "acute", "micro", "para", "middot",
        "cedil", "sup1", "ordm", "raquo", "frac14", "frac12", "frac34", "iquest", "Agrave", "Aacute", "Acirc",
        "Atilde", "Auml", "Aring", "AElig", "Ccedil", "Egrave", "Eacute", "Ecirc", "Euml", "Igrave", "Iacute",
        "Icirc", "Iuml", "ETH", "Ntilde", "Ograve", "Oacute", "Ocirc", "Otilde", "Ouml", "times", "Oslash",
        "Ugrave", "Uacute", "Ucirc", "Uuml", "Yacute", "THORN", "szlig", "agrave", "aacute", "acirc", "atilde",
        "auml", "aring", "aelig", "ccedil", "egrave", "eacute", "ecirc", "euml", "igrave", "iacute", "icirc",
        "iuml", "eth", "ntilde", "ograve", "oacute", "ocirc", "otilde", "ouml", "divide", "oslash", "ugrave",
        "uacute", "ucirc", "uuml", "yacute", "thorn", "yuml",
    ]

    private static let otherNames: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'",
        "OElig": "\u{152}", "oelig": "\u{153}", "Scaron": "\u{160}", "scaron": "\u{161}", "Yuml": "\u{178}",
        "fnof": "\u{192}", "circ": "\u{2C6}", "tilde": "\u{2DC}",
        "ensp": "\u{2002}", "emsp": "\u{2003}", "thinsp": "\u{2009}", "zwnj": "\u{200C}", "zwj": "\u{200D}",
        "lrm": "\u{200E}", "rlm": "\u{200F}", "ndash": "\u{2013}", "mdash": "\u{2014}", "lsquo": "\u{2018}",
        "rsquo": "\u{2019}", "sbquo": "\u{201A}", "ldquo": "\u{201C}", "rdquo": "\u{201D}", "bdquo": "\u{201E}",
        "dagger": "\u{2020}", "Dagger": "\u{2021}", "bull": "\u{2022}", "hellip": "\u{2026}", "permil": "\u{2030}",
        "prime": "\u{2032}", "Prime": "\u{2033}", "lsaquo": "\u{2039}", "rsaquo": "\u{203A}", "oline": "\u{203E}",
        "euro": "\u{20AC}", "trade": "\u{2122}", "larr": "\u{2190}", "uarr": "\u{2191}", "rarr": "\u{2192}",
        "darr": "\u{2193}", "harr": "\u{2194}", "minus": "\u{2212}", "infin": "\u{221E}", "ne": "\u{2260}",
        "le": "\u{2264}", "ge": "\u{2265}", "hearts": "\u{2665}",
    ]

    private static let named: [String: Unicode.Scalar] = {
        var table = otherNames
        for (offset, name) in latin1Names.enumerated() {
            table[name] = Unicode.Scalar(UInt8(0xA0 + offset))
        }
        return table
    }()
}
