/// Why a received line could not be read.
public enum IRCParseError: Error, Sendable, Equatable, CustomStringConvertible {
    case empty
    case tagsTooLong(bytes: Int)
    case lineTooLong(bytes: Int)
    case missingCommand
    case invalidCommand(String)
    case tooManyParameters

    public var description: String {
        switch self {
        case .empty: "empty line"
        case .tagsTooLong(let bytes): "tag section of \(bytes) bytes (limit 8191)"
        case .lineTooLong(let bytes): "line of \(bytes) bytes after the tags"
        case .missingCommand: "no command"
        case .invalidCommand(let command): "invalid command \(command.prefix(20))"
        case .tooManyParameters: "more than 64 parameters"
        }
    }
}

extension IRCMessage {
    /// Limits on received lines: generous (servers differ), but bounded so a hostile line can't make
    /// the parser allocate without limit.
    static let maxTagBytes = 8191
    static let maxBodyBytes = 8192
    static let maxParameters = 64

    /// Parses one received line without its CR LF. Lenient like real clients: runs of spaces between
    /// parameters, trailing spaces, a missing trailing parameter.
    public init(parsing line: String) throws(IRCParseError) {
        var rest = Substring(line)
        guard !rest.allSatisfy({ $0 == " " }) else { throw .empty }
        var tags: [String: String] = [:]
        if rest.first == "@" {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            let section = rest[rest.index(after: rest.startIndex)..<end]
            guard section.utf8.count + 1 <= Self.maxTagBytes else { throw .tagsTooLong(bytes: section.utf8.count + 1) }
            tags = IRCTags.parse(section)
            rest = rest[end...].drop { $0 == " " }
        }
        guard rest.utf8.count <= Self.maxBodyBytes else { throw .lineTooLong(bytes: rest.utf8.count) }
        var source: IRCSource?
        if rest.first == ":" {
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            let text = rest[rest.index(after: rest.startIndex)..<end]
            if !text.isEmpty { source = IRCSource(parsing: String(text)) }
            rest = rest[end...].drop { $0 == " " }
        }
        let commandEnd = rest.firstIndex(of: " ") ?? rest.endIndex
        let command = rest[..<commandEnd]
        guard !command.isEmpty else { throw .missingCommand }
        guard Self.isValidCommand(command) else { throw .invalidCommand(String(command)) }
        rest = rest[commandEnd...]
        var parameters: [String] = []
        while true {
            rest = rest.drop { $0 == " " }
            guard !rest.isEmpty else { break }
            guard parameters.count < Self.maxParameters else { throw .tooManyParameters }
            if rest.first == ":" {
                parameters.append(String(rest.dropFirst()))
                break
            }
            let end = rest.firstIndex(of: " ") ?? rest.endIndex
            parameters.append(String(rest[..<end]))
            rest = rest[end...]
        }
        self.init(tags: tags, source: source, command: command.uppercased(), parameters: parameters)
    }

    static func isValidCommand(_ command: Substring) -> Bool {
        let bytes = command.utf8
        if bytes.count == 3, bytes.allSatisfy({ $0 >= 48 && $0 <= 57 }) { return true }
        return bytes.count <= 32 && bytes.allSatisfy { ($0 >= 65 && $0 <= 90) || ($0 >= 97 && $0 <= 122) }
    }
}
