/// IRCv3 message-tags: the `key=value;key2` section and its value escaping.
public enum IRCTags {
    /// Parses a tag section (without the leading `@`). Later duplicates win, as the spec says.
    public static func parse(_ section: Substring) -> [String: String] {
        var tags: [String: String] = [:]
        for item in section.split(separator: ";", omittingEmptySubsequences: true) {
            if let equals = item.firstIndex(of: "=") {
                let key = item[..<equals]
                guard !key.isEmpty else { continue }
                tags[String(key)] = unescape(item[item.index(after: equals)...])
            } else {
                tags[String(item)] = ""
            }
        }
        return tags
    }

    /// Tags in sorted key order (deterministic), values escaped; valueless for "".
    public static func serialize(_ tags: [String: String]) -> String {
        tags.sorted { $0.key < $1.key }
            .map { $0.value.isEmpty ? $0.key : "\($0.key)=\(escape($0.value))" }
            .joined(separator: ";")
    }

    public static func escape(_ value: String) -> String {
        var result = ""
        result.reserveCapacity(value.utf8.count)
        for character in value.unicodeScalars {
            switch character {
            case ";": result += "\\:"
            case " ": result += "\\s"
            case "\\": result += "\\\\"
            case "\r": result += "\\r"
            case "\n": result += "\\n"
            case "\0": break
            default: result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Undoes ``escape(_:)``; an unknown escape keeps the character, a lone trailing `\` is dropped.
    public static func unescape(_ value: Substring) -> String {
        guard value.contains("\\") else { return String(value) }
        var result = ""
        var escaping = false
        for character in value.unicodeScalars {
            if escaping {
                switch character {
                case ":": result += ";"
                case "s": result += " "
                case "r": result += "\r"
                case "n": result += "\n"
                default: result.unicodeScalars.append(character)
                }
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.unicodeScalars.append(character)
            }
        }
        return result
    }

    /// Keys: an optional `+`, an optional vendor (`example.com/`), then letters, digits and '-'.
    static func isValidKey(_ key: String) -> Bool {
        var body = Substring(key)
        if body.first == "+" { body = body.dropFirst() }
        guard !body.isEmpty, body.utf8.count <= 256 else { return false }
        return body.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "-./".unicodeScalars.contains($0)) }
    }
}
