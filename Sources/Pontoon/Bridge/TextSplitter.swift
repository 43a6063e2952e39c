/// Splits text for networks with a message size limit (``NetworkCapabilities/maxTextBytes``).
enum TextSplitter {
    /// Pieces of at most `maxBytes` UTF-8 bytes each, cut after a newline or space when one is in
    /// the second half of a piece, never inside a character. Empty text stays one empty piece.
    static func split(_ text: String, maxBytes: Int) -> [String] {
        guard maxBytes > 0, text.utf8.count > maxBytes else { return [text] }
        var pieces: [String] = []
        var rest = Substring(text)
        while rest.utf8.count > maxBytes {
            var end = rest.startIndex
            var bytes = 0
            var lastBreak: String.Index?
            for index in rest.indices {
                let size = rest[index].utf8.count
                if bytes + size > maxBytes { break }
                bytes += size
                end = rest.index(after: index)
                if rest[index] == " " || rest[index] == "\n", bytes > maxBytes / 2 { lastBreak = end }
            }
            // A single character longer than the limit (a huge emoji sequence) still goes out whole.
            if end == rest.startIndex { end = rest.index(after: rest.startIndex) }
            let cut = lastBreak ?? end
            pieces.append(String(rest[..<cut]))
            rest = rest[cut...]
        }
        if !rest.isEmpty { pieces.append(String(rest)) }
        return pieces
    }
}
