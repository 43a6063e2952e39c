/// Cuts text into pieces that fit one IRC line each.
public enum IRCMessageSplitter {
    /// Bytes left for the text in `:<source> <COMMAND> <target> :<text>\r\n` within `lineLength`,
    /// where `sourceLength` is the length of the `nick!user@host` the server will prepend.
    public static func textBudget(command: String, target: String, sourceLength: Int, lineLength: Int = 512) -> Int {
        let overhead = 1 + sourceLength + 1 + command.utf8.count + 1 + target.utf8.count + 2 + 2
        return max(32, lineLength - overhead)
    }

    /// Pieces of at most `maxBytes` UTF-8 bytes, cut at spaces where possible and never inside a
    /// character (a word longer than a line is cut between characters).
    public static func split(_ text: String, maxBytes: Int) -> [String] {
        let limit = max(4, maxBytes)
        guard text.utf8.count > limit else { return text.isEmpty ? [] : [text] }
        var pieces: [String] = []
        var current = ""
        var currentBytes = 0
        var lastSpace: (index: String.Index, bytes: Int)?
        for character in text {
            let size = character.utf8.count
            if currentBytes + size > limit {
                if let space = lastSpace, space.bytes > 0 {
                    let head = String(current[..<space.index])
                    let tail = String(current[current.index(after: space.index)...])
                    pieces.append(head)
                    current = tail
                    currentBytes = tail.utf8.count
                } else if !current.isEmpty {
                    pieces.append(current)
                    current = ""
                    currentBytes = 0
                }
                lastSpace = current.lastIndex(of: " ").map { ($0, current[..<$0].utf8.count) }
                if size > limit {
                    // A single character bigger than a line (a huge emoji sequence): send it by scalars.
                    for scalar in character.unicodeScalars {
                        let scalarSize = String(scalar).utf8.count
                        if currentBytes + scalarSize > limit, !current.isEmpty {
                            pieces.append(current)
                            current = ""
                            currentBytes = 0
                        }
                        current.unicodeScalars.append(scalar)
                        currentBytes += scalarSize
                    }
                    lastSpace = nil
                    continue
                }
            }
            if character == " " { lastSpace = (current.endIndex, currentBytes) }
            current.append(character)
            currentBytes += size
        }
        if !current.isEmpty { pieces.append(current) }
        return pieces.map { $0.trimmingSpaces() }.filter { !$0.isEmpty }
    }
}
