/// A sender as SMS shows it: a number, or an alphanumeric sender ID (inbound only: `AMAZON`,
/// `MyBank`) or short code (`12345`).
public enum SMSAddress: Hashable, Sendable {
    case number(PhoneNumber)
    /// A sender ID as written, or a short code's digits. Not a number anyone can text back to
    /// through the login's own number (short codes aside, which carriers route separately).
    case alphanumeric(String)

    /// Reads a provider's `From`:
    /// - text with a letter (and no `tel:`) is an alphanumeric sender ID: 1–11 GSM letters,
    ///   digits, spaces or `- . _ & ' !`, at least one a letter (see ``AlphanumericSenderID``);
    /// - bare digits, 3 to 6 of them, are a short code, `.alphanumeric("12345")`: no country's
    ///   numbers are that short, while short codes are 3 (some countries) to 6 (US, Canada) digits;
    /// - bare digits, 7 or 8, are a national number of `defaultCountry` if they read as one
    ///   (Denmark, Singapore…), otherwise an 8-digit short code such as Europe's;
    /// - anything else is read as a phone number, by ``PhoneNumber/init(parsing:defaultCountry:)``.
    public init(parsingSender text: String, defaultCountry: String) throws(PhoneNumberError) {
        let trimmed = AlphanumericSenderID.trimmed(text)
        if AlphanumericSenderID.looksAlphanumeric(trimmed) {
            guard let id = AlphanumericSenderID.validated(trimmed) else {
                throw PhoneNumberError(.invalidSenderID, input: text)
            }
            self = .alphanumeric(id)
            return
        }
        if let shortCode = AlphanumericSenderID.shortCode(trimmed) {
            if shortCode.count <= 6 {
                self = .alphanumeric(shortCode)
                return
            }
            self = (try? PhoneNumber(parsing: shortCode, defaultCountry: defaultCountry)).map(Self.number)
                ?? .alphanumeric(shortCode)
            return
        }
        self = .number(try PhoneNumber(parsing: text, defaultCountry: defaultCountry))
    }

    /// For showing: a North American number as `+1 202-555-0123`, others as `+44 2079460958`
    /// (grouping varies too much by country to guess), a sender ID as written.
    public var displayName: String {
        switch self {
        case .number(let number): number.displayName
        case .alphanumeric(let id): id
        }
    }
}

extension PhoneNumber {
    /// `+1 202-555-0123` for North American numbers, `+<code> <national number>` for others.
    public var displayName: String {
        let code = countryCallingCode
        let national = nationalNumber
        guard code == "1", national.count == 10 else { return "+\(code) \(national)" }
        return "+1 \(national.prefix(3))-\(national.dropFirst(3).prefix(3))-\(national.suffix(4))"
    }
}
