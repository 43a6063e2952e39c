/// Why event content could not be read as its typed form.
public struct ContentDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending member, dotted for nested ones (`m.relates_to.event_id`); empty for the content itself.
    public let path: String
    /// What is wrong with it.
    public let reason: String

    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { path.isEmpty ? reason : "\(path): \(reason)" }

    /// The same error seen from the enclosing object, which holds it under `key`.
    func nested(under key: String) -> ContentDecodingError {
        ContentDecodingError(path: path.isEmpty ? key : "\(key).\(path)", reason: reason)
    }
}

/// A typed view of a JSON object that keeps the members it does not model in ``extra``, so
/// decoding and re-encoding loses nothing.
///
/// `Codable` goes through ``JSONValue``: `init(from:)` decodes a `JSONValue` and calls
/// ``init(json:)``; `encode(to:)` encodes ``json``.
public protocol JSONObjectCodable: Codable, Sendable, Hashable {
    /// Reads the typed members; throws when a known member has the wrong JSON type or is missing
    /// though required.
    init(json: JSONValue) throws(ContentDecodingError)
    /// The object: ``extra`` with the typed members written over it.
    var json: JSONValue { get }
    /// Members this type does not model (and known members that were `null` or held a value this
    /// type tolerates but cannot use), written back unchanged by ``json``.
    var extra: [String: JSONValue] { get set }
}

extension JSONObjectCodable {
    public init(from decoder: any Decoder) throws {
        let value = try JSONValue(from: decoder)
        do {
            try self.init(json: value)
        } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: error.description))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        try json.encode(to: encoder)
    }
}

/// Content of a room event, an EDU or a to-device event, with the event `type` it is sent as.
public protocol EventContent: JSONObjectCodable {
    /// The event type, e.g. `m.room.message`.
    static var eventType: String { get }
}
