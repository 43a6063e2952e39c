import Foundation

/// Why a value has no canonical JSON form.
public enum CanonicalJSONError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A number with a fraction, or not finite (canonical JSON allows integers only).
    case notAnInteger(path: String)
    /// An integer outside `[-(2^53)+1, 2^53-1]`.
    case integerOutOfRange(path: String)
    /// Nesting deeper than ``JSONValue/defaultMaxDepth``.
    case tooDeep(path: String)
    /// An `Encodable` value could not be turned into JSON.
    case notEncodable(String)

    public var description: String {
        switch self {
        case .notAnInteger(let path): "canonical JSON allows only integers (at \(path.isEmpty ? "top level" : path))"
        case .integerOutOfRange(let path): "integer outside ±(2^53-1) (at \(path.isEmpty ? "top level" : path))"
        case .tooDeep(let path): "nested too deeply (at \(path))"
        case .notEncodable(let reason): "not encodable as JSON: \(reason)"
        }
    }
}

/// Matrix canonical JSON (spec appendix "Signing JSON"): the bytes that get signed and verified.
///
/// Object keys sorted by Unicode code point, no insignificant whitespace, UTF-8 with non-ASCII
/// written raw, only `"` `\` and control characters escaped (short forms or lowercase `\u00xx`),
/// integers only within `[-(2^53)+1, 2^53-1]`; a whole-valued double such as `1e10` is written as
/// the integer, and `-0` as `0`.
public enum CanonicalJSON {
    /// The canonical UTF-8 bytes of `value`.
    public static func encode(_ value: JSONValue) throws(CanonicalJSONError) -> [UInt8] {
        var writer = JSONWriter()
        try writer.writeCanonical(value, path: "", depth: 0)
        return writer.bytes
    }

    /// The canonical form of `value` as `Data`.
    public static func data(_ value: JSONValue) throws(CanonicalJSONError) -> Data {
        Data(try encode(value))
    }

    /// The canonical form of `value` as a `String`.
    public static func string(_ value: JSONValue) throws(CanonicalJSONError) -> String {
        String(decoding: try encode(value), as: UTF8.self)
    }

    /// The canonical form of any `Encodable` value (encoded with `JSONEncoder` first).
    public static func encode(encodable value: some Encodable) throws(CanonicalJSONError) -> [UInt8] {
        let json: JSONValue
        do {
            json = try JSONValue(encoding: value)
        } catch {
            throw .notEncodable("\(error)")
        }
        return try encode(json)
    }
}
