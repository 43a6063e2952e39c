/// Matrix user mentions ("pills"): links to `https://matrix.to/#/@user:server`.
public enum MatrixPill {
    private static let matrixToPrefixes = ["https://matrix.to/#/", "http://matrix.to/#/"]

    /// The Matrix user ID a link points at: `https://matrix.to/#/@user:server` (percent-decoded,
    /// with or without `?via=…`), or `matrix:u/user:server`; nil for any other link (rooms,
    /// events, other sites) and for something that is not a well-formed user ID.
    public static func userID(fromHref href: String) -> String? {
        let trimmed = href.drop { $0 == " " }
        var target: Substring
        var sigil = ""
        if let prefix = matrixToPrefixes.first(where: { hasPrefix(trimmed, $0) }) {
            target = trimmed.dropFirst(prefix.count)
        } else if hasPrefix(trimmed, "matrix:u/") {
            // The matrix: scheme names the kind in the path ("u/") instead of the "@" sigil.
            target = trimmed.dropFirst("matrix:u/".count)
            sigil = "@"
        } else {
            return nil
        }
        if let query = target.firstIndex(of: "?") { target = target[..<query] }
        guard let decoded = percentDecoded(target) else { return nil }
        let id = decoded.hasPrefix("@") ? decoded : sigil + decoded
        return isUserID(id) ? id : nil
    }

    /// The identifier a matrix.to link points at, percent-decoded and without its `?via=…`
    /// query: `@user:server`, `#alias:server`, `!room:server/$event`…; nil for other links. Room
    /// pills are matrix.to links whose text is this identifier.
    public static func matrixToTarget(fromHref href: String) -> String? {
        let trimmed = href.drop { $0 == " " }
        guard let prefix = matrixToPrefixes.first(where: { hasPrefix(trimmed, $0) }) else { return nil }
        var target = trimmed.dropFirst(prefix.count)
        if let query = target.firstIndex(of: "?") { target = target[..<query] }
        return target.isEmpty ? nil : percentDecoded(target)
    }

    /// `https://matrix.to/#/<id>` with the ID percent-encoded where a URL fragment needs it
    /// (`@` and `:` stay readable, as clients write them).
    public static func href(for userID: String) -> String {
        var result: [UInt8] = Array("https://matrix.to/#/".utf8)
        for byte in userID.utf8 {
            if isFragmentSafe(byte) {
                result.append(byte)
            } else {
                result.append(UInt8(ascii: "%"))
                result.append(hexDigits[Int(byte >> 4)])
                result.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    private static let hexDigits = Array("0123456789ABCDEF".utf8)

    private static func isFragmentSafe(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            true
        default:
            "-._~@:=/+".utf8.contains(byte)
        }
    }

    /// Case-insensitive ASCII prefix test (schemes and hosts are case-insensitive).
    private static func hasPrefix(_ text: Substring, _ prefix: String) -> Bool {
        text.utf8.count >= prefix.utf8.count && zip(text.utf8, prefix.utf8).allSatisfy { lowercased($0) == lowercased($1) }
    }

    private static func lowercased(_ byte: UInt8) -> UInt8 {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 : byte
    }

    /// `%XX` sequences decoded; nil when one is malformed or the bytes are not UTF-8.
    private static func percentDecoded(_ text: Substring) -> String? {
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                bytes.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            bytes.append(high << 4 | low)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// `@localpart:server`, both parts non-empty, no whitespace or controls, at most 255 bytes
    /// (the spec's limit).
    private static func isUserID(_ id: String) -> Bool {
        guard id.utf8.count <= 255, id.first == "@", let colon = id.firstIndex(of: ":") else { return false }
        let local = id[id.index(after: id.startIndex)..<colon]
        let server = id[id.index(after: colon)...]
        return !local.isEmpty && !server.isEmpty
            && !id.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0.properties.isWhitespace }
    }
}
