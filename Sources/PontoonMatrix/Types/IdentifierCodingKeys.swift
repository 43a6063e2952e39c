// Dictionaries keyed by identifiers (`[UserID: …]`, as in one-time-key counts) encode as JSON
// objects, as Matrix writes them, instead of Codable's default array of alternating keys and values.

extension UserID: CodingKeyRepresentable {}
extension RoomID: CodingKeyRepresentable {}
extension EventID: CodingKeyRepresentable {}

extension MatrixIdentifier where Self: CodingKeyRepresentable {
    public var codingKey: any CodingKey { IdentifierCodingKey(stringValue: rawValue) }

    public init?<T: CodingKey>(codingKey: T) {
        try? self.init(validating: codingKey.stringValue)
    }
}

private struct IdentifierCodingKey: CodingKey {
    let stringValue: String
    var intValue: Int? { nil }
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) { nil }
}
