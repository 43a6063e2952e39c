extension PhoneNumber {
    /// Reads a number as a person writes it: `+49 30 1234567`, `0049 30 1234567`,
    /// `030 1234567` (national, read in `defaultCountry`), `(202) 555-0123`, `tel:+1-202-555-0123`.
    ///
    /// - International: a leading `+`, or the international prefix of `defaultCountry` (`00` in
    ///   most of the world, `011` in North America, `0011` in Australia, `010` in Japan…; see
    ///   ``DialingPlan``). Needs no default country; when it is unknown, `+` and `00` still work.
    /// - National: the trunk prefix of `defaultCountry` (`0` in most countries, `8` in Russia,
    ///   `06` in Hungary, `1` in North America when 11 digits are typed; none in Italy, Spain,
    ///   Denmark…) is dropped and its country calling code put in front.
    ///
    /// - Parameter defaultCountry: ISO 3166-1 alpha-2 (`US`, `DE`, `GB`; any case; `UK` is read as `GB`).
    /// - Throws: ``PhoneNumberError`` with a message for the user.
    public init(parsing text: String, defaultCountry: String) throws(PhoneNumberError) {
        do {
            let dialed = try DialString(scanning: text)
            let international = try Self.international(dialed, defaultCountry: defaultCountry)
            try E164Rules.validate(international[...])
            e164 = "+" + international
        } catch {
            throw PhoneNumberError(error, input: text)
        }
    }

    /// The number's international digits (no `+`), before validation.
    private static func international(_ dialed: DialString, defaultCountry: String) throws(PhoneNumberError.Reason) -> String {
        let digits = dialed.digits
        if dialed.hasPlus { return digits }
        guard let plan = DialingPlan(region: defaultCountry) else {
            if digits.hasPrefix("00") { return String(digits.dropFirst(2)) }
            throw .unknownRegion(PhoneNumberError.printable(defaultCountry))
        }
        if let prefix = plan.internationalPrefixes.first(where: digits.hasPrefix) {
            return String(digits.dropFirst(prefix.count))
        }
        // No number begins with 00 after the trunk prefix (or without one): this is someone
        // dialling abroad the way another country does.
        if digits.hasPrefix("00") {
            throw .internationalPrefixNotUsed(region: plan.region, prefixes: plan.internationalPrefixes)
        }
        let national = nationalSignificant(digits, plan: plan)
        if !plan.trunkPrefixes.isEmpty, national.hasPrefix("0") {
            throw .internationalPrefixNotUsed(region: plan.region, prefixes: plan.internationalPrefixes)
        }
        return plan.callingCode + national
    }

    /// `digits` without the trunk prefix. Where the national length is fixed, the prefix is dropped
    /// only if what remains has that length, so a number typed without its trunk prefix that begins
    /// with the same digit (Russian `800…` toll-free, trunk `8`) keeps it.
    private static func nationalSignificant(_ digits: String, plan: DialingPlan) -> String {
        let expected = DialingPlan.nationalLengths[plan.callingCode]
        for trunk in plan.trunkPrefixes where digits.hasPrefix(trunk) {
            let rest = digits.dropFirst(trunk.count)
            if let expected, !expected.contains(rest.count) { continue }
            return String(rest)
        }
        return digits
    }
}
