/// Reads typed members out of a JSON object, leaving the unread ones for `extra`.
///
/// A member that is `null` reads as absent and stays in ``rest``, so it re-encodes as it came.
struct JSONObjectReader {
    /// The members not read (yet).
    private(set) var rest: [String: JSONValue]

    init(_ value: JSONValue) throws(ContentDecodingError) {
        guard case .object(let members) = value else {
            throw ContentDecodingError(path: "", reason: "expected an object, found \(value.kindDescription)")
        }
        rest = members
    }

    /// Takes member `key` out of ``rest`` unless it is missing or `null`.
    mutating func take(_ key: String) -> JSONValue? {
        guard let value = rest[key], !value.isNull else { return nil }
        rest.removeValue(forKey: key)
        return value
    }

    /// Reads an optional member, failing when it is present with the wrong type.
    mutating func optional<T>(_ key: String, _ expected: String, _ convert: (JSONValue) -> T?) throws(ContentDecodingError) -> T? {
        guard let value = take(key) else { return nil }
        guard let converted = convert(value) else {
            throw ContentDecodingError(path: key, reason: "expected \(expected), found \(value.kindDescription)")
        }
        return converted
    }

    /// Reads a required member.
    mutating func required<T>(_ key: String, _ expected: String, _ convert: (JSONValue) -> T?) throws(ContentDecodingError) -> T {
        guard let value = try optional(key, expected, convert) else {
            throw ContentDecodingError(path: key, reason: "missing (expected \(expected))")
        }
        return value
    }

    mutating func string(_ key: String) throws(ContentDecodingError) -> String? {
        try optional(key, "a string") { $0.stringValue }
    }

    mutating func requiredString(_ key: String) throws(ContentDecodingError) -> String {
        try required(key, "a string") { $0.stringValue }
    }

    mutating func int(_ key: String) throws(ContentDecodingError) -> Int? {
        try optional(key, "an integer") { $0.intValue.flatMap { Int(exactly: $0) } }
    }

    mutating func int64(_ key: String) throws(ContentDecodingError) -> Int64? {
        try optional(key, "an integer") { $0.intValue }
    }

    mutating func bool(_ key: String) throws(ContentDecodingError) -> Bool? {
        try optional(key, "a boolean") { $0.boolValue }
    }

    mutating func object(_ key: String) throws(ContentDecodingError) -> [String: JSONValue]? {
        try optional(key, "an object") { $0.objectValue }
    }

    mutating func stringArray(_ key: String) throws(ContentDecodingError) -> [String]? {
        try optional(key, "an array of strings") { value in
            guard let elements = value.arrayValue else { return nil }
            var strings: [String] = []
            strings.reserveCapacity(elements.count)
            for element in elements {
                guard let string = element.stringValue else { return nil }
                strings.append(string)
            }
            return strings
        }
    }

    /// An identifier that must be valid when present.
    mutating func identifier<ID: MatrixIdentifier>(_ key: String, as type: ID.Type = ID.self) throws(ContentDecodingError) -> ID? {
        guard let string = try string(key) else { return nil }
        do {
            return try ID(validating: string)
        } catch {
            throw ContentDecodingError(path: key, reason: "\(error)")
        }
    }

    mutating func requiredIdentifier<ID: MatrixIdentifier>(_ key: String, as type: ID.Type = ID.self) throws(ContentDecodingError) -> ID {
        guard let id: ID = try identifier(key) else {
            throw ContentDecodingError(path: key, reason: "missing")
        }
        return id
    }

    /// An identifier that is dropped (read as `nil`, kept in ``rest``) when it is not valid, for members
    /// that clients get wrong in the wild, such as an empty `avatar_url`.
    mutating func lenientIdentifier<ID: MatrixIdentifier>(_ key: String, as type: ID.Type = ID.self) -> ID? {
        guard let string = rest[key]?.stringValue, let id = try? ID(validating: string) else { return nil }
        rest.removeValue(forKey: key)
        return id
    }

    /// A nested typed object; its errors are reported with `key` prefixed to their path.
    mutating func nested<T: JSONObjectCodable>(_ key: String, as type: T.Type = T.self) throws(ContentDecodingError) -> T? {
        guard let value = take(key) else { return nil }
        do {
            return try T(json: value)
        } catch {
            throw error.nested(under: key)
        }
    }

    mutating func requiredNested<T: JSONObjectCodable>(_ key: String, as type: T.Type = T.self) throws(ContentDecodingError) -> T {
        guard let value: T = try nested(key) else {
            throw ContentDecodingError(path: key, reason: "missing (expected an object)")
        }
        return value
    }
}

extension JSONValue {
    /// "a string", "an object", … for error messages.
    var kindDescription: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
