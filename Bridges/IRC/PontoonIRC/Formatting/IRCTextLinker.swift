import Pontoon

/// Plain IRC text → escaped HTML in which http(s) URLs are links and nicks of known people are
/// Matrix pills. Works word by word, words being split at spaces and tabs only, and in time
/// linear in the text however hostile its words are.
enum IRCTextLinker {
    /// The HTML, and whether it holds any link or pill. A line feed becomes `<br>`.
    static func html(for text: String, mention: (String) -> IRCMention?) -> (html: String, linked: Bool) {
        var html = ""
        var linked = false
        var word = String.UnicodeScalarView()
        func flushWord() {
            guard !word.isEmpty else { return }
            linked = appendWord(Array(word), to: &html, mention: mention) || linked
            word = String.UnicodeScalarView()
        }
        for scalar in text.unicodeScalars {
            switch scalar {
            case " ", "\t":
                flushWord()
                html.unicodeScalars.append(scalar)
            case "\n":
                flushWord()
                html += "<br>"
            default:
                word.append(scalar)
            }
        }
        flushWord()
        return (html, linked)
    }

    /// Appends one word's HTML; true when it made a link or a pill.
    private static func appendWord(_ word: [Unicode.Scalar], to html: inout String, mention: (String) -> IRCMention?) -> Bool {
        var rest = word[...]
        var linked = false
        // A word may hold a URL after some punctuation ("(https://…)") and even two URLs.
        while let (start, end) = urlRange(in: rest) {
            html += escaped(rest[rest.startIndex..<start])
            let url = escaped(rest[start..<end])
            html += "<a href=\"\(url)\">\(url)</a>"
            linked = true
            rest = rest[end...]
        }
        if !linked, let (nick, trailing) = nickShaped(rest), let person = mention(nick) {
            let name = person.displayName.isEmpty ? nick : person.displayName
            html += "<a href=\"\(HTMLEscaping.escape(MatrixPill.href(for: person.userID)))\">\(HTMLEscaping.escape(name))</a>"
            html += escaped(trailing)
            return true
        }
        html += escaped(rest)
        return linked
    }

    private static func escaped(_ scalars: ArraySlice<Unicode.Scalar>) -> String {
        HTMLEscaping.escape(String(String.UnicodeScalarView(scalars)))
    }

    // MARK: - URLs

    /// Characters that end a URL wherever they are (they cannot be in one unescaped).
    private static let urlStoppers: Set<Unicode.Scalar> = ["<", ">", "\"", "`"]
    /// Punctuation that ends a sentence more often than a URL: dropped from a URL's end.
    private static let trailingPunctuation: Set<Unicode.Scalar> = [".", ",", ";", ":", "!", "?", "'", "*"]
    private static let closers: [Unicode.Scalar: Unicode.Scalar] = [")": "(", "]": "[", "}": "{"]

    /// The first `http://` or `https://` URL in `word` that does not continue a longer word
    /// ("xhttp://" is not one), without trailing punctuation or an unbalanced closing bracket.
    private static func urlRange(in word: ArraySlice<Unicode.Scalar>) -> (Int, Int)? {
        var index = word.startIndex
        while index < word.endIndex {
            defer { index += 1 }
            guard word[index] == "h" || word[index] == "H" else { continue }
            if index > word.startIndex, isAlphanumeric(word[index - 1]) { continue }
            // A host must follow the scheme: "http://" alone, or "http://." is prose. Checked
            // before scanning on, so a word full of false starts stays linear.
            guard let schemeEnd = schemeEnd(in: word, at: index), schemeEnd < word.endIndex, isAlphanumeric(word[schemeEnd]) else {
                continue
            }
            var end = schemeEnd
            while end < word.endIndex, !urlStoppers.contains(word[end]) { end += 1 }
            return (index, trimmedEnd(of: word[index..<end]))
        }
        return nil
    }

    /// The index just past "http://" or "https://" (any case) at `start`.
    private static func schemeEnd(in word: ArraySlice<Unicode.Scalar>, at start: Int) -> Int? {
        for scheme in ["http://", "https://"] {
            let pattern = Array(scheme.unicodeScalars)
            guard start + pattern.count <= word.endIndex else { continue }
            let candidate = word[start..<(start + pattern.count)]
            if zip(candidate, pattern).allSatisfy({ asciiLowercased($0) == $1 }) { return start + pattern.count }
        }
        return nil
    }

    private static func asciiLowercased(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        ("A"..."Z").contains(scalar) ? Unicode.Scalar(UInt8(scalar.value + 32)) : scalar
    }

    private static func trimmedEnd(of url: ArraySlice<Unicode.Scalar>) -> Int {
        // Bracket counts taken once and kept up to date while trimming: linear however many
        // brackets the URL ends with.
        var counts: [Unicode.Scalar: Int] = [:]
        for scalar in url where closers[scalar] != nil || closers.values.contains(scalar) {
            counts[scalar, default: 0] += 1
        }
        var end = url.endIndex
        while end > url.startIndex {
            let last = url[end - 1]
            if trailingPunctuation.contains(last) {
                end -= 1
            } else if let opener = closers[last], counts[opener, default: 0] < counts[last, default: 0] {
                counts[last, default: 0] -= 1
                end -= 1  // "(see https://example.org)": the ")" is the sentence's
            } else {
                break
            }
        }
        return end
    }

    private static func isAlphanumeric(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || scalar.properties.numericType != nil
    }

    // MARK: - Nicks

    /// Characters RFC 2812 allows in a nick besides letters and digits.
    private static let nickSpecials: Set<Unicode.Scalar> = ["[", "]", "\\", "`", "_", "^", "{", "|", "}", "-"]
    /// What may follow a nick in prose: "bob: hi", "bob, hi", "thanks bob!".
    private static let afterNick: Set<Unicode.Scalar> = [":", ",", ".", "!", "?", ";"]

    /// The nick and what follows it when `word` is a nick, possibly followed by punctuation.
    private static func nickShaped(_ word: ArraySlice<Unicode.Scalar>) -> (String, ArraySlice<Unicode.Scalar>)? {
        var end = word.endIndex
        while end > word.startIndex, afterNick.contains(word[end - 1]) { end -= 1 }
        let nick = word[word.startIndex..<end]
        guard let first = nick.first, nick.count <= 64 else { return nil }
        // A nick may not start with a digit or "-" (RFC 2812); letters may be non-ASCII on
        // servers that allow UTF-8 nicks.
        guard first.properties.isAlphabetic || (nickSpecials.contains(first) && first != "-") else { return nil }
        guard nick.allSatisfy({ isAlphanumeric($0) || nickSpecials.contains($0) }) else { return nil }
        return (String(String.UnicodeScalarView(nick)), word[end...])
    }
}
