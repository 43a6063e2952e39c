/// A phone number in E.164 form: `+`, a country calling code, the national number, 8–15 digits
/// in all. Any value of this type has passed ``E164Rules`` (see there for what is checked).
///
/// Make one from what a person typed with ``init(parsing:defaultCountry:)``, or from an
/// already-normalised string (a provider webhook, the database) with ``init(e164:)``.
/// Encodes as its ``e164`` string.
public struct PhoneNumber: Hashable, Sendable, Codable, CustomStringConvertible {
    /// `+12025550123`-style: `+` then digits only.
    public let e164: String

    /// Accepts only an already-normalised number: `+` then ASCII digits, nothing else, valid by
    /// ``E164Rules``. Nil for anything else (`12025550123`, `+1 555…`, `+1555abc`).
    public init?(e164 text: String) {
        let utf8 = text.utf8
        guard utf8.count <= E164Rules.maximumDigits + 1, utf8.first == UInt8(ascii: "+"),
              utf8.dropFirst().allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }),
              (try? E164Rules.validate(text.dropFirst())) != nil
        else { return nil }
        e164 = text
    }

    /// The number without `+`: `12025550123`, the form in ghost IDs (`@sms_12025550123`).
    public var digits: String { String(e164.dropFirst()) }

    /// The country calling code, digits only: `1`, `44`, `358`.
    public var countryCallingCode: String {
        CallingCodes.prefix(of: e164.dropFirst()).map(String.init) ?? ""
    }

    /// The digits after the country calling code.
    public var nationalNumber: String {
        String(e164.dropFirst(1 + countryCallingCode.count))
    }

    public var description: String { e164 }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let number = PhoneNumber(e164: text) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "not an E.164 phone number: \(PhoneNumberError.printable(text))")
        }
        self = number
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(e164)
    }
}
