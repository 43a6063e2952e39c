/// What every international number must satisfy, whoever wrote it.
///
/// - 8 to 15 digits with the country code (ITU E.164 allows 15; the shortest numbers in service,
///   5-digit ones in small territories, make 8). Niue (+683), whose numbers have 4 digits, may have 7.
/// - It begins with an assigned country calling code.
/// - North American (+1) numbers have a 3-digit area code and a 7-digit number, neither
///   beginning with 0 or 1, and the area code is not an N11 service code (411, 911…). Note that
///   this rules out the look of `+1 555 123 4567`: fictional numbers are `+1 NPA 555 01xx`.
/// - Russia and Kazakhstan (+7), France (+33) and India (+91) have a fixed national length.
enum E164Rules {
    static let maximumDigits = 15

    /// The calling code of `digits` (international, without `+`), or why they aren't a number.
    @discardableResult
    static func validate(_ digits: Substring) throws(PhoneNumberError.Reason) -> Substring {
        guard let first = digits.first else { throw .noDigits }
        guard first != "0" else { throw .countryCodeStartsWithZero }
        guard let code = CallingCodes.prefix(of: digits) else {
            throw digits.count < 3 ? .tooFewDigits : .unassignedCountryCode(String(digits.prefix(3)))
        }
        guard digits.count <= maximumDigits else { throw .tooManyDigits }
        guard digits.count >= (code == "683" ? 7 : 8) else { throw .tooFewDigits }
        let national = digits.dropFirst(code.count)
        if let expected = DialingPlan.nationalLengths[String(code)], !expected.contains(national.count) {
            throw .wrongNationalLength(callingCode: String(code), expected: expected)
        }
        if code == "1" {
            try checkNorthAmerican(national)
        }
        return code
    }

    /// `national` has 10 digits already.
    private static func checkNorthAmerican(_ national: Substring) throws(PhoneNumberError.Reason) {
        let area = national.prefix(3)
        let exchange = national.dropFirst(3).prefix(3)
        if area.hasPrefix("0") || area.hasPrefix("1") || area.hasSuffix("11") {
            throw .invalidAreaCode(String(area))
        }
        if exchange.hasPrefix("0") || exchange.hasPrefix("1") {
            throw .invalidExchange(String(exchange))
        }
    }
}
