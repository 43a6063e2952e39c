/// Why JSON is not a usable event at all (as opposed to a usable event with odd fields, which is
/// decoded with those fields recorded in `invalidFields`).
public enum EventDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The bytes are not JSON.
    case notJSON(JSONParseError)
    /// The JSON is not an object.
    case notAnObject
    /// `type` is missing or not a string.
    case missingType

    public var description: String {
        switch self {
        case .notJSON(let error): "not JSON: \(error)"
        case .notAnObject: "event is not a JSON object"
        case .missingType: "event has no string \"type\""
        }
    }
}

/// A member of an event that was present but unusable (e.g. a `room_id` that is not a room ID).
/// The event is still decoded; the member reads as `nil` and stays in `raw`.
public struct InvalidField: Sendable, Hashable, CustomStringConvertible {
    /// The member name.
    public let field: String
    /// What is wrong with it.
    public let reason: String

    public init(field: String, reason: String) {
        self.field = field
        self.reason = reason
    }

    public var description: String { "\(field): \(reason)" }
}

/// Reads the envelope members shared by room events, EDUs and to-device events.
struct EventEnvelopeReader {
    let members: [String: JSONValue]
    private(set) var invalidFields: [InvalidField] = []

    init(_ json: JSONValue) throws(EventDecodingError) {
        guard case .object(let members) = json else { throw .notAnObject }
        self.members = members
    }

    func type() throws(EventDecodingError) -> String {
        guard let type = members["type"]?.stringValue else { throw .missingType }
        return type
    }

    /// The identifier in `key`, or `nil` (recorded unless simply absent or null).
    mutating func identifier<ID: MatrixIdentifier>(_ key: String, as type: ID.Type = ID.self) -> ID? {
        guard let value = members[key], !value.isNull else { return nil }
        guard let string = value.stringValue else {
            invalidFields.append(InvalidField(field: key, reason: "expected a string, found \(value.kindDescription)"))
            return nil
        }
        do {
            return try ID(validating: string)
        } catch {
            invalidFields.append(InvalidField(field: key, reason: "\(error)"))
            return nil
        }
    }

    mutating func string(_ key: String) -> String? {
        guard let value = members[key], !value.isNull else { return nil }
        guard let string = value.stringValue else {
            invalidFields.append(InvalidField(field: key, reason: "expected a string, found \(value.kindDescription)"))
            return nil
        }
        return string
    }

    mutating func int64(_ key: String) -> Int64? {
        guard let value = members[key], !value.isNull else { return nil }
        guard let number = value.intValue else {
            invalidFields.append(InvalidField(field: key, reason: "expected an integer, found \(value.kindDescription)"))
            return nil
        }
        return number
    }

    /// `content`, which must be an object; anything else reads as `{}` (recorded).
    mutating func content() -> JSONValue {
        guard let value = members["content"] else { return .object([:]) }
        guard case .object = value else {
            if !value.isNull {
                invalidFields.append(InvalidField(field: "content", reason: "expected an object, found \(value.kindDescription)"))
            }
            return .object([:])
        }
        return value
    }
}
