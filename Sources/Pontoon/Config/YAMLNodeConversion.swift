import PontoonMatrix
import Yams

/// Converts a parsed YAML node into a ``JSONValue`` by the YAML type each scalar resolved to, so
/// that `port: 6667` is a number and `port: "6667"` a string, as an admin would expect.
enum YAMLNodeConversion {
    static func jsonValue(_ node: Node) -> JSONValue {
        switch node {
        case .scalar(let scalar):
            return jsonValue(scalar, resolvedTag: node.tag.rawValue)
        case .sequence(let sequence):
            return .array(sequence.map(jsonValue))
        case .mapping(let mapping):
            var object: [String: JSONValue] = [:]
            for (key, value) in mapping {
                // Non-scalar keys have no JSON form; a config never needs them.
                guard let name = key.scalar?.string else { continue }
                object[name] = jsonValue(value)
            }
            return .object(object)
        case .alias:
            return .null  // Yams resolves aliases while parsing; none reach here.
        }
    }

    private static func jsonValue(_ scalar: Node.Scalar, resolvedTag: String) -> JSONValue {
        switch Tag.Name(rawValue: resolvedTag) {
        case .null:
            return .null
        case .bool:
            return Bool.construct(from: scalar).map(JSONValue.bool) ?? .string(scalar.string)
        case .int:
            return Int64.construct(from: scalar).map(JSONValue.int) ?? .string(scalar.string)
        case .float:
            return Double.construct(from: scalar).map(JSONValue.double) ?? .string(scalar.string)
        default:
            return .string(scalar.string)
        }
    }
}

extension YAMLNodeConversion {
    /// Parses one YAML document into a ``JSONValue`` (`null` for an empty document), with the
    /// same size guard as the config loader. For tools and tests that read generated YAML.
    static func parse(_ text: String, maxValues: Int = ConfigLoader.maxValues) throws -> JSONValue {
        try YAMLSizeGuard.check(text, maxValues: maxValues)
        return try Yams.compose(yaml: text).map(jsonValue) ?? .null
    }
}
