/// Why some text is not a phone number (or an SMS sender), worded for the person who typed it.
///
/// ``userMessage`` says what was wrong and shows the form that works, e.g.
/// `“12ab” is not a phone number: it has letters. Use the international form, like +1 202 555 0123`.
public struct PhoneNumberError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What exactly was wrong, for code that wants to react to one case.
    public enum Reason: Error, Sendable, Hashable {
        case empty
        case tooLong
        case noDigits
        case letters
        /// A character that has no place in a number (`#`, `*`, `;`, an emoji…).
        case invalidCharacter(Unicode.Scalar)
        case controlCharacter
        /// A digit from a script that isn't read here (only 0–9, fullwidth and Arabic-Indic are).
        case unsupportedDigit(Unicode.Scalar)
        case misplacedPlus
        /// The number is national and the default region (as given) is not a known ISO code.
        case unknownRegion(String)
        /// National digits that begin like an international call, with a prefix the region doesn't use.
        case internationalPrefixNotUsed(region: String, prefixes: [String])
        case countryCodeStartsWithZero
        /// The digits (up to three) that begin the number and are no country's code.
        case unassignedCountryCode(String)
        case tooManyDigits
        case tooFewDigits
        /// The digits after the country code have the wrong count for that country.
        case wrongNationalLength(callingCode: String, expected: ClosedRange<Int>)
        case invalidAreaCode(String)
        case invalidExchange(String)
        case invalidSenderID
    }

    public var reason: Reason
    /// The text as typed, cut to a readable length, without control or direction-changing
    /// characters (which would garble the message around it).
    public var input: String

    init(_ reason: Reason, input: String) {
        self.reason = reason
        self.input = Self.printable(input)
    }

    public var description: String { userMessage }

    /// One sentence for the user: what is wrong, then the form that works.
    public var userMessage: String {
        let example = "Use the international form, like +1 202 555 0123"
        let subject = "“\(input)” is not a phone number"
        switch reason {
        case .empty:
            return "No phone number given. \(example)"
        case .invalidSenderID:
            return "“\(input)” is neither a phone number nor an SMS sender ID: a sender ID has 1 to 11 letters, "
                + "digits, spaces or - . _ & ' !, at least one of them a letter (like AMAZON)"
        case .unknownRegion(let region):
            return "“\(input)” has no country code, and “\(region)” is not a country (an ISO 3166 code like "
                + "US, DE, GB) to read it in. \(example)"
        case .internationalPrefixNotUsed(let region, let prefixes):
            let list = prefixes.joined(separator: " or ")
            return "“\(input)” starts like an international number, but from \(region) those start with \(list). "
                + "Or use the international form, like +1 202 555 0123"
        default:
            return "\(subject): \(detail). \(example)"
        }
    }

    private var detail: String {
        switch reason {
        case .tooLong: "it is far too long"
        case .noDigits: "it has no digits"
        case .letters: "it has letters"
        case .invalidCharacter(let scalar): "“\(Self.printable(String(Character(scalar))))” has no place in one"
        case .controlCharacter: "it has an invisible control character"
        case .unsupportedDigit(let scalar): "the digit “\(Character(scalar))” isn't one of 0–9"
        case .misplacedPlus: "a + may come only once, before the digits"
        case .countryCodeStartsWithZero: "after the + comes the country code, and none begins with 0"
        case .unassignedCountryCode(let digits): "+\(digits) is not a country code"
        case .tooManyDigits: "it has more than 15 digits"
        case .tooFewDigits: "it has too few digits"
        case .wrongNationalLength(let code, let expected):
            expected.count == 1
                ? "numbers with country code +\(code) have \(expected.lowerBound) digits after it"
                : "numbers with country code +\(code) have \(expected.lowerBound) to \(expected.upperBound) digits after it"
        case .invalidAreaCode(let area): "the area code \(area) can't begin with 0 or 1 or end in 11"
        case .invalidExchange(let exchange): "the 3 digits after the area code (\(exchange)) can't begin with 0 or 1"
        case .empty, .invalidSenderID, .unknownRegion, .internationalPrefixNotUsed: ""
        }
    }

    /// At most 40 scalars of `text`, with controls, direction marks and other format characters
    /// removed and an ellipsis where it was cut (scalars, not characters: a hostile run of combining
    /// marks is one character).
    static func printable(_ text: String) -> String {
        var out = String.UnicodeScalarView()
        var kept = 0
        for scalar in text.unicodeScalars {
            switch scalar.properties.generalCategory {
            case .control, .format, .lineSeparator, .paragraphSeparator:
                continue
            default:
                if kept == 40 { return String(out) + "…" }
                out.append(scalar)
                kept += 1
            }
        }
        return String(out)
    }
}
