/// A string-valued enum of the Matrix spec that keeps values it doesn't know (`other`), so a
/// newer membership, msgtype or relation type round-trips instead of failing to decode.
public protocol OpenStringEnum: RawRepresentable, Codable where RawValue == String {
    init(rawValue: String)
}

extension OpenStringEnum {
    public init(from decoder: any Decoder) throws {
        self.init(rawValue: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}
