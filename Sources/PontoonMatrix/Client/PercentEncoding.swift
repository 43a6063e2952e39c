/// Percent-encoding for path segments and query values of client-server URLs.
///
/// Everything except RFC 3986 "unreserved" characters is encoded: Matrix identifiers carry `!`, `:`,
/// `#`, `$`, `@`, and event IDs of some room versions contain `/` and `+`, all of which would
/// otherwise change the meaning of the URL (`#` starts a fragment, `/` splits a segment, `+` reads
/// as a space in a query).
enum PercentEncoding {
    /// Encodes one path segment. A segment of only dots (a state key `..`) is fully encoded so that
    /// no URL normaliser on the way can read it as "parent directory".
    static func encodeSegment(_ segment: String) -> String {
        if !segment.isEmpty, segment.utf8.allSatisfy({ $0 == UInt8(ascii: ".") }) {
            return String(repeating: "%2E", count: segment.utf8.count)
        }
        return encode(segment)
    }

    /// Encodes a query name or value (or a segment that is never dots only).
    static func encode(_ string: String) -> String {
        var encoded = ""
        encoded.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            if isUnreserved(byte) {
                encoded.unicodeScalars.append(Unicode.Scalar(byte))
            } else {
                encoded += "%"
                encoded += hexDigits[Int(byte >> 4)]
                encoded += hexDigits[Int(byte & 0x0F)]
            }
        }
        return encoded
    }

    private static let hexDigits = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "A", "B", "C", "D", "E", "F"]

    private static func isUnreserved(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
            UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }
}
