/// Bytes from IRC → text. IRC has no declared encoding: most servers carry UTF-8 today, older
/// clients still send Latin-1 or Windows-1252. A line that isn't valid UTF-8 is read whole in the
/// fallback encoding, so it never fails and never crashes.
public struct IRCTextDecoder: Sendable {
    public enum Fallback: String, Sendable, CaseIterable {
        case latin1 = "latin-1"
        case cp1252
    }

    public let fallback: Fallback

    public init(fallback: Fallback = .cp1252) {
        self.fallback = fallback
    }

    public func decode(_ bytes: some Collection<UInt8>) -> String {
        let kept = bytes.filter { $0 != 0 }
        if let text = String(validating: kept, as: UTF8.self) { return text }
        var result = String.UnicodeScalarView()
        for byte in kept {
            result.append(scalar(for: byte))
        }
        return String(result)
    }

    private func scalar(for byte: UInt8) -> Unicode.Scalar {
        if fallback == .cp1252, (0x80...0x9F).contains(byte), let mapped = Self.cp1252High[Int(byte - 0x80)] {
            return mapped
        }
        return Unicode.Scalar(byte)
    }

    /// Windows-1252's 0x80–0x9F; its five unassigned bytes stay as the C1 code points.
    private static let cp1252High: [Unicode.Scalar?] = [
        "\u{20AC}", nil, "\u{201A}", "\u{0192}", "\u{201E}", "\u{2026}", "\u{2020}", "\u{2021}",
        "\u{02C6}", "\u{2030}", "\u{0160}", "\u{2039}", "\u{0152}", nil, "\u{017D}", nil,
        nil, "\u{2018}", "\u{2019}", "\u{201C}", "\u{201D}", "\u{2022}", "\u{2013}", "\u{2014}",
        "\u{02DC}", "\u{2122}", "\u{0161}", "\u{203A}", "\u{0153}", nil, "\u{017E}", "\u{0178}",
    ]
}
