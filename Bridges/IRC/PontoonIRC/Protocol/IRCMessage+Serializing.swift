/// Why a line can't be sent: it would break the protocol or smuggle in another command.
public enum IRCLineError: Error, Sendable, Equatable, CustomStringConvertible {
    case forbiddenCharacter(parameter: Int)
    case invalidMiddleParameter(parameter: Int)
    case invalidCommand(String)
    case tooLong(bytes: Int)
    case tagsTooLong(bytes: Int)
    case invalidTagKey(String)

    public var description: String {
        switch self {
        case .forbiddenCharacter(let index): "parameter \(index + 1) contains CR, LF or NUL"
        case .invalidMiddleParameter(let index): "parameter \(index + 1) is empty, has a space or starts with ':'"
        case .invalidCommand(let command): "invalid command \(command.prefix(20))"
        case .tooLong(let bytes): "the line is \(bytes) bytes (limit 510 before CR LF)"
        case .tagsTooLong(let bytes): "the tags are \(bytes) bytes (limit 4094)"
        case .invalidTagKey(let key): "invalid tag key \(key.prefix(40))"
        }
    }
}

extension IRCMessage {
    /// The line to send, without CR LF. Nothing in a parameter can end the line or add a
    /// parameter: CR, LF and NUL are refused, as are spaces in any but the last parameter.
    public func wireLine() throws(IRCLineError) -> String {
        guard Self.isValidCommand(Substring(command)) else { throw .invalidCommand(command) }
        var line = ""
        if let source { line += ":\(source) " }
        line += command
        for (index, parameter) in parameters.enumerated() {
            if parameter.utf8.contains(where: { $0 == 0 || $0 == 10 || $0 == 13 }) { throw .forbiddenCharacter(parameter: index) }
            let isLast = index == parameters.count - 1
            let needsTrailing = parameter.isEmpty || parameter.hasPrefix(":") || parameter.contains(" ")
            if needsTrailing, !isLast { throw .invalidMiddleParameter(parameter: index) }
            line += needsTrailing ? " :" + parameter : " " + parameter
        }
        guard line.utf8.count <= 510 else { throw .tooLong(bytes: line.utf8.count) }
        guard !tags.isEmpty else { return line }
        for key in tags.keys where !IRCTags.isValidKey(key) { throw .invalidTagKey(key) }
        let tagSection = IRCTags.serialize(tags)
        guard tagSection.utf8.count <= 4094 else { throw .tagsTooLong(bytes: tagSection.utf8.count) }
        return "@" + tagSection + " " + line
    }
}
