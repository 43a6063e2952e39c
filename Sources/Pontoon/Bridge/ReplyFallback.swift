/// Removes the reply fallback clients put before a reply (`> <@alice:x> quoted` lines and the blank
/// line after them; `<mx-reply>…</mx-reply>` in HTML): the network gets the reply as a reference.
enum ReplyFallback {
    static func strip(_ body: String, isReply: Bool) -> String {
        guard isReply, body.hasPrefix("> ") else { return body }
        var lines = body.split(separator: "\n", omittingEmptySubsequences: false)[...]
        while let first = lines.first, first.hasPrefix(">") { lines = lines.dropFirst() }
        if lines.first?.isEmpty == true { lines = lines.dropFirst() }
        return lines.joined(separator: "\n")
    }

    static func stripHTML(_ html: String) -> String {
        guard let end = html.range(of: "</mx-reply>") else { return html }
        return String(html[end.upperBound...])
    }
}
