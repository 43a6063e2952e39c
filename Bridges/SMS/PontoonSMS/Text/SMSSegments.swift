/// What a text costs as SMS: its encoding, how many parts (segments) it is sent in, and the room
/// left in the last one. For warning a user before a long text goes out, or showing "2/3".
///
/// - GSM-7 when every scalar is in the GSM 03.38 default alphabet or its extension table
///   (extension characters `^ { } \ [ ~ ] | €` and form feed cost 2 septets); otherwise UCS-2
///   (really UTF-16) for the whole text.
/// - One segment holds 160 septets or 70 UTF-16 units. A longer text is split into parts of
///   153 septets or 67 units (the rest of each is the concatenation header). An extension
///   character's two septets, and an emoji's surrogate pair, are never split across parts, so a
///   part may hold one less.
/// - Counted by Unicode scalar, as the text is: `\r\n` is 2 septets, a flag or a family emoji costs
///   all its UTF-16 units, and `e` + combining accent is UCS-2 where the precomposed `é` is GSM-7.
///   Nothing is normalised, because providers send the text as they get it.
/// - An empty text is 1 segment with 0 units: sending it would still be billed as one SMS.
public struct SMSSegments: Sendable, Hashable {
    public enum Encoding: Sendable, Hashable {
        case gsm7, ucs2

        /// Septets (GSM-7) or UTF-16 units (UCS-2) in a text sent as one SMS.
        public var singleSegmentCapacity: Int { self == .gsm7 ? 160 : 70 }
        /// Septets or UTF-16 units in each part of a text sent in several.
        public var concatenatedSegmentCapacity: Int { self == .gsm7 ? 153 : 67 }
    }

    public var encoding: Encoding
    /// SMS parts the text is sent in; at least 1.
    public var count: Int
    /// Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2.
    public var units: Int
    /// Septets or units that still fit in the last part before another is needed.
    public var remainingInLastSegment: Int

    /// Counts `text` in one pass to find the encoding and one to pack it; linear in its length.
    public init(counting text: String) {
        let scalars = text.unicodeScalars
        let fitsGSM = scalars.allSatisfy { GSM7Alphabet.septets(for: $0) != nil }
        encoding = fitsGSM ? .gsm7 : .ucs2
        var costs = Packing(partCapacity: encoding.concatenatedSegmentCapacity)
        for scalar in scalars {
            // The `?? 1` never applies: `fitsGSM` checked every scalar.
            costs.add(fitsGSM ? GSM7Alphabet.septets(for: scalar) ?? 1 : scalar.utf16.count)
        }
        units = costs.total
        if costs.total <= encoding.singleSegmentCapacity {
            count = 1
            remainingInLastSegment = encoding.singleSegmentCapacity - costs.total
        } else {
            count = costs.parts
            remainingInLastSegment = encoding.concatenatedSegmentCapacity - costs.lastPartFill
        }
    }

    /// Greedy packing of indivisible costs into concatenated parts.
    private struct Packing {
        let partCapacity: Int
        var total = 0
        var parts = 1
        var lastPartFill = 0

        mutating func add(_ cost: Int) {
            total += cost
            if lastPartFill + cost > partCapacity {
                parts += 1
                lastPartFill = cost
            } else {
                lastPartFill += cost
            }
        }
    }
}
