/// The remote user ID of a sender, which becomes a ghost's Matrix localpart (`@sms_<remoteID>`).
///
/// - A number: its digits, `12025550123`.
/// - A sender ID or short code: `a.` then the ID lowercased, ASCII letters and digits kept, spaces
///   and punctuation dropped, and any other letter (`ä`, `Ø`, `Δ`) written as `=` and two hex digits
///   per UTF-8 byte: `AMAZON` → `a.amazon`, `My Bank` → `a.mybank`, `Café` → `a.caf=c3=a9`,
///   `12345` → `a.12345`.
///
/// The `a.` prefix keeps the two apart (a number's ID is digits only) and every character is
/// allowed in a Matrix localpart. IDs that differ only in case, spaces or punctuation share a
/// ghost: phones show them as one sender too. Escaping non-ASCII letters rather than dropping
/// them keeps `ÆØÅ` and `ÉÉÉ` from both becoming `a.`.
extension SMSAddress {
    static let alphanumericPrefix = "a."

    /// See the extension's documentation for the scheme.
    public var remoteID: String {
        switch self {
        case .number(let number):
            return number.digits
        case .alphanumeric(let id):
            var out = Self.alphanumericPrefix
            for scalar in id.lowercased().unicodeScalars {
                if scalar.isASCII {
                    if ("a"..."z").contains(scalar) || ("0"..."9").contains(scalar) { out.unicodeScalars.append(scalar) }
                } else {
                    for byte in String(scalar).utf8 { out += "=" + Self.hex(byte) }
                }
            }
            return out
        }
    }

    /// The address of a ``remoteID``: a number, or a sender ID in its lowercased, unpunctuated
    /// form (`a.mybank` → `.alphanumeric("mybank")`). Nil for anything ``remoteID`` can't produce.
    public init?(remoteID: String) {
        guard remoteID.utf8.count <= 128 else { return nil }
        if let first = remoteID.utf8.first, first >= UInt8(ascii: "0"), first <= UInt8(ascii: "9") {
            guard let number = PhoneNumber(e164: "+" + remoteID) else { return nil }
            self = .number(number)
            return
        }
        guard remoteID.hasPrefix(Self.alphanumericPrefix),
              let id = Self.unescape(remoteID.utf8.dropFirst(Self.alphanumericPrefix.utf8.count)),
              (1...AlphanumericSenderID.maximumLength).contains(id.unicodeScalars.count),
              id.unicodeScalars.contains(where: { $0.properties.isAlphabetic }) || AlphanumericSenderID.shortCode(id) != nil
        else { return nil }
        let address = SMSAddress.alphanumeric(id)
        // Only the canonical spelling: `a.=61` is not another name for `a.a`.
        guard address.remoteID == remoteID else { return nil }
        self = address
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        return String(String.UnicodeScalarView([digits[Int(byte >> 4)], digits[Int(byte & 0xF)]]))
    }

    private static func unescape(_ utf8: Substring.UTF8View) -> String? {
        var bytes: [UInt8] = []
        var iterator = utf8.makeIterator()
        while let byte = iterator.next() {
            if byte == UInt8(ascii: "=") {
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            } else {
                bytes.append(byte)
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        default: nil
        }
    }
}
