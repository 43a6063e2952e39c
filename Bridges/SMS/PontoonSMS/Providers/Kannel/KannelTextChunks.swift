/// Cuts a long text into pieces that each fit in one `sendsms` request.
///
/// smsbox splits a text into at most the `sendsms-user`'s `max-messages` concatenated parts and
/// silently drops the rest while still answering "0: Accepted" (seen with Kannel 1.4.5: a 10 kB
/// text arrived as 10 parts of 153 characters). So a text longer than that is sent as several
/// requests, cut at whole characters, preferably at a space.
enum KannelTextChunks {
    /// The pieces of `text`, each at most `maxParts` parts in `coding` (one piece when it fits).
    static func split(_ text: String, coding: KannelCoding, maxParts: Int) -> [String] {
        let maxParts = max(1, maxParts)
        guard coding.parts(of: text) > maxParts else { return [text] }
        let limit = maxParts == 1 ? coding.singlePartUnits : maxParts * coding.concatenatedPartUnits
        var chunks: [String] = []
        var current = Substring(text)
        while !current.isEmpty {
            var units = 0
            var end = current.startIndex
            var lastSpace: String.Index?
            while end < current.endIndex {
                let next = units + coding.units(of: current[end])
                if next > limit { break }
                units = next
                if current[end].isWhitespace { lastSpace = end }
                end = current.index(after: end)
            }
            // Cut after the last space when it keeps at least half the piece; a word is never
            // longer than a piece in real texts, and a single huge "word" is cut where it must be.
            if end < current.endIndex, let space = lastSpace, current.distance(from: current.startIndex, to: space) * 2 >= current.distance(from: current.startIndex, to: end) {
                end = current.index(after: space)
            }
            if end == current.startIndex { end = current.index(after: end) }
            chunks.append(String(current[..<end]))
            current = current[end...]
        }
        return chunks
    }
}
