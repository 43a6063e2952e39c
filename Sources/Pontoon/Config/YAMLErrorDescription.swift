import Yams

/// Turns a Yams error into a position and a message that quote nothing from the file: Yams's own
/// descriptions print the offending line, which may hold a token.
enum YAMLErrorDescription {
    static func configError(_ error: YamlError, path: String) -> ConfigError {
        switch error {
        case .scanner(let context, let problem, let mark, _),
             .parser(let context, let problem, let mark, _),
             .composer(let context, let problem, let mark, _):
            return .syntax(path: path, line: mark.line, column: mark.column, problem: explain(problem, context: context))
        case .reader(let problem, let offset, _, _):
            let position = offset.map { " (character \($0 + 1))" } ?? ""
            return .syntax(path: path, line: nil, column: nil, problem: problem + position)
        case .duplicatedKeysInMapping(let duplicates, let context):
            let names = duplicates.prefix(5).map { ConfigKeyPath.quotedIfNeeded(String($0.prefix(100))) }
            return .syntax(path: path, line: context.mark.line, column: context.mark.column,
                           problem: "duplicate key " + names.joined(separator: ", "))
        case .memory:
            return .syntax(path: path, line: nil, column: nil, problem: "out of memory while parsing")
        default:
            return .syntax(path: path, line: nil, column: nil, problem: "can't be parsed")
        }
    }

    private static func explain(_ problem: String, context: YamlError.Context?) -> String {
        if problem.hasPrefix("Maximum nesting level reached") {
            return "nested more than 1000 levels deep"
        }
        // libyaml's context is a fixed phrase ("while scanning a quoted scalar") with a position.
        guard let context else { return problem }
        return "\(problem) (\(context.text) started at \(context.mark.line):\(context.mark.column))"
    }
}
