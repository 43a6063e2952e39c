/// Why the config file can't be used. Every case names the file, and the problems name their keys.
///
/// No case carries a value read from the file, so printing an error never leaks a token.
public enum ConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// There is no file at the path; `-e` writes an example.
    case missingFile(path: String)
    /// The file exists but can't be read (permissions, a directory, …).
    case unreadable(path: String, reason: String)
    /// The file is bigger than any config has reason to be.
    case tooLarge(path: String, limit: Int)
    /// The file is not UTF-8 text.
    case notText(path: String)
    /// The file is empty or holds only comments.
    case empty(path: String)
    /// The YAML is malformed (1-based line and column), or too deep or too large once aliases expand.
    case syntax(path: String, line: Int?, column: Int?, problem: String)
    /// The YAML is fine but values are missing or wrong: all of them, one per key, ordered by
    /// section as in the example config.
    case invalid(path: String, problems: [ConfigProblem])

    /// One line per problem, ready for stderr.
    public var lines: [String] {
        switch self {
        case .missingFile(let path):
            return ["\(path): no such file; run with -e to write an example config there, then edit it"]
        case .unreadable(let path, let reason):
            return ["\(path): can't read the config file: \(reason)"]
        case .tooLarge(let path, let limit):
            return ["\(path): larger than \(limit / 1024) KiB; is this the bridge config?"]
        case .notText(let path):
            return ["\(path): not UTF-8 text; is this the bridge config?"]
        case .empty(let path):
            return ["\(path): the config file is empty; run with -e to write an example config"]
        case .syntax(let path, let line, let column, let problem):
            let position = [line, column].compactMap { $0 }.map(String.init).joined(separator: ":")
            return ["\(path)\(position.isEmpty ? "" : ":" + position): invalid YAML: \(problem)"]
        case .invalid(let path, let problems):
            return problems.map { "\(path): \($0)" }
        }
    }

    public var description: String { lines.joined(separator: "\n") }

    /// The individual problems of an `.invalid` error (empty for the other cases).
    public var problems: [ConfigProblem] {
        if case .invalid(_, let problems) = self { return problems }
        return []
    }
}
