import Foundation

/// Sets generated secrets in the text of a config file — `appservice.as_token`/`hs_token`,
/// `encryption.pickle_key` — leaving every other line (comments, order, quoting) exactly as the
/// admin wrote it.
///
/// Works on block-style YAML as `-e` writes it. The caller re-parses the result and checks that
/// it reads back the new values, so a layout this can't handle fails loudly instead of silently.
enum ConfigTokenWriter {
    /// The section was not found as a top-level block mapping.
    struct MissingSection: Error {
        let name: String
    }

    static func settingTokens(in text: String, asToken: String, hsToken: String) throws(MissingSection) -> String {
        try settingValues([("as_token", asToken), ("hs_token", hsToken)], inSection: "appservice", of: text)
    }

    /// Sets `section.key` to each value (quoted), replacing the key's line or adding one under the
    /// section header.
    static func settingValues(_ values: [(key: String, value: String)], inSection section: String,
                              of text: String) throws(MissingSection) -> String {
        // Split on the scalar, not the Character: "\r\n" is one Character and never equals "\n".
        var lines = text.unicodeScalars.split(separator: "\n", omittingEmptySubsequences: false).map { String($0) }
        guard let header = lines.firstIndex(where: { isHeader($0, of: section) }) else { throw MissingSection(name: section) }
        let bodyEnd = lines[(header + 1)...].firstIndex(where: isTopLevelLine) ?? lines.endIndex
        let childIndent = lines[(header + 1)..<bodyEnd].first(where: isContentLine).map(indentation) ?? "  "

        for (key, token) in values {
            let value = YAMLQuoting.quoted(token)
            if let index = lines[(header + 1)..<bodyEnd].firstIndex(where: { isKeyLine($0, key: key, indent: childIndent) }) {
                lines[index] = replacingValue(of: lines[index], key: key, indent: childIndent, with: value)
            } else {
                let lineEnding = lines[header].hasSuffix("\r") ? "\r" : ""
                lines.insert("\(childIndent)\(key): \(value)\(lineEnding)", at: header + 1)
            }
        }
        return lines.joined(separator: "\n")
    }

    private static func isHeader(_ line: String, of section: String) -> Bool {
        guard line.hasPrefix(section) else { return false }
        var rest = line.dropFirst(section.count).drop(while: { $0 == " " || $0 == "\t" })
        guard rest.first == ":" else { return false }
        rest = rest.dropFirst().drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
        return rest.isEmpty || rest.first == "#"
    }

    /// A line that ends the section: content starting in column one.
    private static func isTopLevelLine(_ line: String) -> Bool {
        isContentLine(line) && indentation(line).isEmpty
    }

    private static func isContentLine(_ line: String) -> Bool {
        let trimmed = line.drop(while: { $0 == " " || $0 == "\t" || $0 == "\r" })
        return !trimmed.isEmpty && trimmed.first != "#"
    }

    private static func indentation(_ line: String) -> String {
        String(line.prefix(while: { $0 == " " }))
    }

    private static func isKeyLine(_ line: String, key: String, indent: String) -> Bool {
        guard line.hasPrefix(indent + key) else { return false }
        let rest = line.dropFirst(indent.count + key.count).drop(while: { $0 == " " })
        return indentation(line) == indent && rest.first == ":"
    }

    /// `indent key: <new value>`, keeping a trailing comment and the line ending.
    private static func replacingValue(of line: String, key: String, indent: String, with value: String) -> String {
        let lineEnding = line.hasSuffix("\r") ? "\r" : ""
        let body = lineEnding.isEmpty ? Substring(line) : line.dropLast()
        guard let colon = body.dropFirst(indent.count + key.count).firstIndex(of: ":") else { return line }
        let oldValue = body[body.index(after: colon)...]
        let comment = trailingComment(of: oldValue).map { " " + $0 } ?? ""
        return "\(indent)\(key): \(value)\(comment)\(lineEnding)"
    }

    /// The `# …` after a scalar value, if any, found the way YAML does: outside quotes, and in a
    /// plain scalar only after whitespace.
    private static func trailingComment(of value: Substring) -> Substring? {
        let trimmed = value.drop(while: { $0 == " " || $0 == "\t" })
        var index = trimmed.startIndex
        switch trimmed.first {
        case "\"":
            index = trimmed.index(after: index)
            while index < trimmed.endIndex, trimmed[index] != "\"" {
                if trimmed[index] == "\\" { index = trimmed.index(after: index) }
                if index < trimmed.endIndex { index = trimmed.index(after: index) }
            }
            if index < trimmed.endIndex { index = trimmed.index(after: index) }
        case "'":
            index = trimmed.index(after: index)
            while index < trimmed.endIndex {
                if trimmed[index] == "'" {
                    let next = trimmed.index(after: index)
                    if next < trimmed.endIndex, trimmed[next] == "'" { index = trimmed.index(after: next); continue }
                    index = next
                    break
                }
                index = trimmed.index(after: index)
            }
        case "#":
            return trimmed
        default:
            break
        }
        var previous: Character = " "
        while index < trimmed.endIndex {
            if trimmed[index] == "#", previous == " " || previous == "\t" { return trimmed[index...] }
            previous = trimmed[index]
            index = trimmed.index(after: index)
        }
        return nil
    }
}
