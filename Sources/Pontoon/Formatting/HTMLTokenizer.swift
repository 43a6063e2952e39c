/// One piece of HTML as written: text (entities decoded), a start tag or an end tag.
enum HTMLToken: Equatable {
    case text(String)
    case startTag(name: String, attributes: [String: String], selfClosing: Bool)
    case endTag(name: String)
}

/// Splits HTML into tokens, working on UTF-8 bytes: every delimiter is ASCII, so a cut never
/// lands inside a character, and each byte is looked at a bounded number of times (linear time
/// whatever the input).
///
/// Follows the HTML tokenizer where it matters for safety: a `<` that starts no tag is text,
/// comments (`<!-- -->`), doctypes and `<?…>` are dropped, a tag cut off by the end of the input
/// is dropped, and the content of raw-text elements (`<script>`, `<style>`, …) is skipped up to
/// its end tag without being parsed.
struct HTMLTokenizer {
    /// Elements whose content is never shown: it is skipped unparsed, so `<script>a<b>c</script>`
    /// leaves nothing behind.
    static let rawTextElements: Set<String> = ["script", "style", "title", "template", "iframe", "noembed", "noframes"]
    /// More attributes than any chat message needs; the rest are ignored.
    static let maxAttributes = 64

    private let bytes: [UInt8]
    private var position = 0

    init(_ html: String) {
        bytes = Array(html.utf8)
    }

    mutating func next() -> HTMLToken? {
        while position < bytes.count {
            if bytes[position] != lessThan || !startsMarkup(at: position) {
                return .text(readText())
            }
            if let token = readMarkup() { return token }
        }
        return nil
    }

    private static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0C || byte == 0x0D
    }

    private let lessThan = UInt8(ascii: "<")
    private let greaterThan = UInt8(ascii: ">")
    private let slash = UInt8(ascii: "/")

    private func isLetter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
    }

    /// Whether the `<` at `index` opens a tag, an end tag, a comment or a declaration.
    private func startsMarkup(at index: Int) -> Bool {
        guard index + 1 < bytes.count else { return false }
        let next = bytes[index + 1]
        return isLetter(next) || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") || (next == slash && index + 2 < bytes.count)
    }

    /// Text up to the next `<` that starts markup; a `<` that does not is part of the text.
    private mutating func readText() -> String {
        let start = position
        position += 1
        while position < bytes.count {
            if bytes[position] == lessThan, startsMarkup(at: position) { break }
            position += 1
        }
        return HTMLEntities.decode(String(decoding: bytes[start..<position], as: UTF8.self))
    }

    /// Markup at `position` (a `<` for which `startsMarkup` holds); nil when it yields no token
    /// (a comment, or a tag the input ends inside).
    private mutating func readMarkup() -> HTMLToken? {
        let next = bytes[position + 1]
        if next == UInt8(ascii: "!") || next == UInt8(ascii: "?") {
            skipCommentOrDeclaration()
            return nil
        }
        if next == slash {
            guard isLetter(bytes[position + 2]) else {
                // "</>" is nothing; "</3" and the like are bogus comments up to ">".
                skip(past: greaterThan, from: position + 2)
                return nil
            }
            position += 2
            let name = readName()
            guard readAttributes() != nil else { return endOfInputInTag() }
            return .endTag(name: name)
        }
        position += 1
        let name = readName()
        guard let (attributes, selfClosing) = readAttributes() else { return endOfInputInTag() }
        if Self.rawTextElements.contains(name) {
            // Neither the element nor its content is part of the message.
            skipRawText(of: name)
            return nil
        }
        return .startTag(name: name, attributes: attributes, selfClosing: selfClosing)
    }

    /// A tag the input ends inside is dropped with everything after its `<`, as browsers do.
    private mutating func endOfInputInTag() -> HTMLToken? {
        position = bytes.count
        return nil
    }

    private mutating func skipCommentOrDeclaration() {
        let start = position + 2
        guard hasPrefix("<!--", at: position) else {
            skip(past: greaterThan, from: start)  // <!DOCTYPE …>, <![CDATA[…]]>, <?xml …?>
            return
        }
        // "<!-->" and "<!--->" are (abruptly) closed comments in HTML.
        var index = position + 4
        if hasPrefix(">", at: index) { position = index + 1; return }
        if hasPrefix("->", at: index) { position = index + 2; return }
        while index + 2 < bytes.count {
            if bytes[index] == UInt8(ascii: "-"), bytes[index + 1] == UInt8(ascii: "-"), bytes[index + 2] == greaterThan {
                position = index + 3
                return
            }
            index += 1
        }
        position = bytes.count  // an unclosed comment hides the rest, as in a browser
    }

    private mutating func skip(past byte: UInt8, from start: Int) {
        var index = start
        while index < bytes.count, bytes[index] != byte { index += 1 }
        position = min(index + 1, bytes.count)
    }

    private func hasPrefix(_ text: String, at index: Int) -> Bool {
        let prefix = Array(text.utf8)
        return index + prefix.count <= bytes.count && bytes[index..<(index + prefix.count)].elementsEqual(prefix)
    }

    /// A tag name, lowercased: everything up to whitespace, `/` or `>`.
    private mutating func readName() -> String {
        let start = position
        while position < bytes.count, !Self.isWhitespace(bytes[position]), bytes[position] != slash, bytes[position] != greaterThan {
            position += 1
        }
        return Self.lowercased(bytes[start..<position])
    }

    private static func lowercased(_ slice: ArraySlice<UInt8>) -> String {
        String(decoding: slice.map { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) ? $0 + 0x20 : $0 }, as: UTF8.self)
    }

    /// Attributes up to and including the closing `>`; nil when the input ends first. The first of
    /// two same-named attributes wins, as in HTML.
    private mutating func readAttributes() -> ([String: String], Bool)? {
        var attributes: [String: String] = [:]
        while true {
            while position < bytes.count, Self.isWhitespace(bytes[position]) { position += 1 }
            guard position < bytes.count else { return nil }
            switch bytes[position] {
            case greaterThan:
                position += 1
                return (attributes, false)
            case slash:
                position += 1
                if position < bytes.count, bytes[position] == greaterThan {
                    position += 1
                    return (attributes, true)
                }
                continue
            default:
                break
            }
            guard let (name, value) = readAttribute() else { return nil }
            if attributes.count < Self.maxAttributes, attributes[name] == nil {
                attributes[name] = value
            }
        }
    }

    /// `name`, `name=value`, `name="value"` or `name='value'`; nil when the input ends inside a
    /// quoted value.
    private mutating func readAttribute() -> (String, String)? {
        let nameStart = position
        position += 1  // the first character may be anything, even "="
        while position < bytes.count, !Self.isWhitespace(bytes[position]),
              bytes[position] != slash, bytes[position] != greaterThan, bytes[position] != UInt8(ascii: "=") {
            position += 1
        }
        let name = Self.lowercased(bytes[nameStart..<position])
        var index = position
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.count, bytes[index] == UInt8(ascii: "=") else { return (name, "") }
        index += 1
        while index < bytes.count, Self.isWhitespace(bytes[index]) { index += 1 }
        guard index < bytes.count else { return nil }
        let quote = bytes[index]
        let valueStart: Int
        let valueEnd: Int
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            valueStart = index + 1
            var end = valueStart
            while end < bytes.count, bytes[end] != quote { end += 1 }
            guard end < bytes.count else { return nil }
            valueEnd = end
            position = end + 1
        } else {
            valueStart = index
            var end = index
            while end < bytes.count, !Self.isWhitespace(bytes[end]), bytes[end] != greaterThan { end += 1 }
            valueEnd = end
            position = end
        }
        return (name, HTMLEntities.decode(String(decoding: bytes[valueStart..<valueEnd], as: UTF8.self)))
    }

    /// Moves past `</name…>`, or to the end when it never comes.
    private mutating func skipRawText(of name: String) {
        let closing = Array("</\(name)".utf8)
        var index = position
        while index + closing.count <= bytes.count {
            if bytes[index] == lessThan, matchesIgnoringCase(closing, at: index) {
                let after = index + closing.count
                if after == bytes.count || Self.isWhitespace(bytes[after]) || bytes[after] == slash || bytes[after] == greaterThan {
                    skip(past: greaterThan, from: after)
                    return
                }
            }
            index += 1
        }
        position = bytes.count
    }

    private func matchesIgnoringCase(_ pattern: [UInt8], at index: Int) -> Bool {
        for offset in pattern.indices {
            let byte = bytes[index + offset]
            let lowered = (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) ? byte + 0x20 : byte
            if lowered != pattern[offset] { return false }
        }
        return true
    }
}
