import Foundation
@testable import PontoonSMS
import Testing

/// Parses `text` or records why not.
private func parsed(_ text: String, _ country: String) -> String? {
    do {
        return try PhoneNumber(parsing: text, defaultCountry: country).e164
    } catch {
        Issue.record("\(text) [\(country)]: \(error.userMessage)")
        return nil
    }
}

/// The reason `text` is refused, nil if it parses.
private func refusal(_ text: String, _ country: String = "US") -> PhoneNumberError.Reason? {
    do {
        _ = try PhoneNumber(parsing: text, defaultCountry: country)
        return nil
    } catch {
        return error.reason
    }
}

@Suite("Phone numbers: international input")
struct PhoneNumberInternationalTests {
    @Test func readsPlusWithSpacesDashesDotsAndParentheses() {
        #expect(parsed("+1 (202) 555-0123", "US") == "+12025550123")
        #expect(parsed("+44 20.7946.0958", "DE") == "+442079460958")
        #expect(parsed("(+49) 30/1234567", "US") == "+49301234567")
    }

    @Test func readsTelURIs() {
        #expect(parsed("tel:+1-202-555-0123", "US") == "+12025550123")
        #expect(parsed("TEL:+44 20 7946 0958", "US") == "+442079460958")
    }

    @Test func readsEachRegionsInternationalPrefix() {
        #expect(parsed("0044 20 7946 0958", "DE") == "+442079460958")
        #expect(parsed("011 44 20 7946 0958", "US") == "+442079460958")
        #expect(parsed("00 44 20 7946 0958", "CA") == "+442079460958")
        #expect(parsed("0011 44 20 7946 0958", "AU") == "+442079460958")
        #expect(parsed("010 44 20 7946 0958", "JP") == "+442079460958")
        #expect(parsed("8 10 44 20 7946 0958", "RU") == "+442079460958")
        #expect(parsed("001 44 20 7946 0958", "KR") == "+442079460958")
    }

    @Test func needsNoDefaultCountryForInternationalInput() {
        #expect(parsed("+44 20 7946 0958", "") == "+442079460958")
        #expect(parsed("0044 20 7946 0958", "ZZ") == "+442079460958")
    }

    @Test func refusesAnotherRegionsInternationalPrefix() {
        #expect(refusal("0044 20 7946 0958", "AU") == .internationalPrefixNotUsed(region: "AU", prefixes: ["0011"]))
        #expect(refusal("0044 20 7946 0958", "JP") == .internationalPrefixNotUsed(region: "JP", prefixes: ["010"]))
    }

    @Test func acceptsShortNumbersOfSmallTerritories() {
        #expect(parsed("+500 12345", "US") == "+50012345")
        #expect(parsed("+683 4002", "US") == "+6834002")
    }

    @Test func readsNonGeographicCodes() {
        #expect(parsed("+800 1234 5678", "US") == "+80012345678")
        #expect(parsed("+882 1234 5678", "US") == "+88212345678")
    }
}

@Suite("Phone numbers: national input")
struct PhoneNumberNationalTests {
    @Test func dropsTheTrunkZeroAndAddsTheCountryCode() {
        #expect(parsed("030 1234567", "DE") == "+49301234567")
        #expect(parsed("020 7946 0958", "GB") == "+442079460958")
        #expect(parsed("06 12 34 56 78", "FR") == "+33612345678")
        #expect(parsed("0412 345 678", "AU") == "+61412345678")
    }

    @Test func acceptsANationalNumberTypedWithoutItsTrunkPrefix() {
        #expect(parsed("30 1234567", "DE") == "+49301234567")
        #expect(parsed("6 12 34 56 78", "FR") == "+33612345678")
    }

    @Test func readsRegionCodesInAnyCaseAndUKAsGB() {
        #expect(parsed("020 7946 0958", "gb") == "+442079460958")
        #expect(parsed("020 7946 0958", "UK") == "+442079460958")
        #expect(parsed("020 7946 0958", " uk ") == "+442079460958")
    }

    @Test func northAmericanNumbersWithAndWithoutTheLeadingOne() {
        #expect(parsed("(202) 555-0123", "US") == "+12025550123")
        #expect(parsed("1 202 555 0123", "US") == "+12025550123")
        #expect(parsed("202.555.0123", "CA") == "+12025550123")
        #expect(parsed("1-876-555-0123", "JM") == "+18765550123")
    }

    @Test func keepsTheLeadingZeroWhereItIsPartOfTheNumber() {
        #expect(parsed("06 698 12345", "IT") == "+390669812345")
        #expect(parsed("0549 123456", "SM") == "+3780549123456")
    }

    @Test func readsCountriesWithoutATrunkPrefix() {
        #expect(parsed("612 345 678", "ES") == "+34612345678")
        #expect(parsed("912 345 678", "PT") == "+351912345678")
        #expect(parsed("12 34 56 78", "DK") == "+4512345678")
        #expect(parsed("412 34 567", "NO") == "+4741234567")
    }

    @Test func russianTrunkEightOnlyWhenTheLengthSaysSo() {
        #expect(parsed("8 (495) 123-45-67", "RU") == "+74951234567")
        #expect(parsed("495 123 45 67", "RU") == "+74951234567")
        #expect(parsed("8 800 123 45 67", "RU") == "+78001234567")
        // Toll-free typed without the trunk 8: its own 8 stays.
        #expect(parsed("800 123 45 67", "RU") == "+78001234567")
        #expect(parsed("8 701 123 45 67", "KZ") == "+77011234567")
    }

    @Test func hungarianTrunkIsZeroSix() {
        #expect(parsed("06 1 234 5678", "HU") == "+3612345678")
        #expect(parsed("06 30 123 4567", "HU") == "+36301234567")
    }

    @Test func unknownDefaultCountryIsAnErrorOnlyForNationalInput() throws {
        #expect(refusal("020 7946 0958", "ZZ") == .unknownRegion("ZZ"))
        #expect(refusal("020 7946 0958", "") == .unknownRegion(""))
        let error = try #require(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "020 7946 0958", defaultCountry: "Narnia") }
        #expect(error.userMessage.contains("“Narnia” is not a country"))
    }
}

@Suite("Phone numbers: characters")
struct PhoneNumberCharacterTests {
    @Test func normalisesFullwidthDigitsAndPlus() {
        #expect(parsed("＋４４ ２０ ７９４６ ０９５８", "US") == "+442079460958")
        #expect(parsed("（０３）１２３４−５６７８", "JP") == "+81312345678")
    }

    @Test func normalisesArabicIndicAndPersianDigits() {
        #expect(parsed("+٤٤ ٢٠ ٧٩٤٦ ٠٩٥٨", "US") == "+442079460958")
        #expect(parsed("۰۹۱۲ ۳۴۵ ۶۷۸۹", "IR") == "+989123456789")
    }

    @Test func refusesOtherDigitScripts() {
        #expect(refusal("+४४ २० ७९४६ ०९५८") == .unsupportedDigit("४"))
        #expect(refusal("+44 𝟐𝟎 7946 0958") == .unsupportedDigit("𝟐"))
    }

    @Test func ignoresDirectionMarksAndNoBreakSpaces() {
        #expect(parsed("\u{202A}+44 20 7946 0958\u{202C}", "US") == "+442079460958")
        #expect(parsed("\u{200F}+972\u{00A0}3\u{2011}123\u{2011}4567\u{200F}", "US") == "+97231234567")
        #expect(parsed("\u{FEFF}+1\u{2009}202\u{2009}555\u{2009}0123\n", "US") == "+12025550123")
    }

    @Test func refusesLettersWithAClearMessage() throws {
        #expect(refusal("1-800-FLOWERS") == .letters)
        let error = try #require(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "12ab", defaultCountry: "US") }
        #expect(error.userMessage == "“12ab” is not a phone number: it has letters. Use the international form, like +1 202 555 0123")
        #expect(error.description == error.userMessage)
    }

    @Test func refusesControlCharactersAndKeepsThemOutOfTheMessage() throws {
        #expect(refusal("+44 20 7946\u{0}0958") == .controlCharacter)
        #expect(refusal("+44\t20 7946 0958") == .controlCharacter)
        let error = try #require(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "+1\u{0}\u{202E}202", defaultCountry: "US") }
        #expect(!error.userMessage.unicodeScalars.contains { $0.value == 0 || $0.value == 0x202E })
    }

    @Test func refusesSymbolsAndEmoji() {
        #expect(refusal("📞 +44 20 7946 0958") == .invalidCharacter("📞"))
        #expect(refusal("+44 20 7946 0958 #123") == .invalidCharacter("#"))
        #expect(refusal("+1 202 555 0123;ext=5") == .invalidCharacter(";"))
    }

    @Test func refusesMisplacedPluses() {
        #expect(refusal("++1555") == .misplacedPlus)
        #expect(refusal("1+202 555 0123") == .misplacedPlus)
        #expect(refusal("+1 +202 555 0123") == .misplacedPlus)
    }

    @Test func refusesEmptyAndDigitlessInput() {
        #expect(refusal("") == .empty)
        #expect(refusal("  \n ") == .empty)
        #expect(refusal("+") == .noDigits)
        #expect(refusal("-- ( ) ..") == .noDigits)
        #expect(refusal("\u{200F}\u{200E}") == .noDigits)
        #expect(refusal("tel:") == .noDigits)
    }
}

@Suite("Phone numbers: validation")
struct PhoneNumberValidationTests {
    @Test func refusesUnassignedCountryCodes() throws {
        #expect(refusal("+999 1234 5678") == .unassignedCountryCode("999"))
        #expect(refusal("+289 1234 5678") == .unassignedCountryCode("289"))
        let error = try #require(throws: PhoneNumberError.self) { try PhoneNumber(parsing: "+999 1234 5678", defaultCountry: "US") }
        #expect(error.userMessage.contains("+999 is not a country code"))
    }

    @Test func refusesACountryCodeOfZero() {
        #expect(refusal("+044 20 7946 0958") == .countryCodeStartsWithZero)
    }

    @Test func refusesMoreThanFifteenDigits() {
        #expect(PhoneNumber(e164: "+441234567890123") != nil)
        #expect(refusal("+44 1234 5678 9012 34") == .tooManyDigits)
        #expect(refusal("+4412345678901234567890") == .tooManyDigits)
    }

    @Test func refusesTooFewDigits() {
        #expect(refusal("+44 123") == .tooFewDigits)
        #expect(refusal("+4") == .tooFewDigits)
        #expect(refusal("+683 400") == .tooFewDigits)
    }

    @Test func northAmericanNumbersHaveTenNationalDigits() {
        #expect(refusal("+1 202 555 012") == .wrongNationalLength(callingCode: "1", expected: 10...10))
        #expect(refusal("555 0123") == .wrongNationalLength(callingCode: "1", expected: 10...10))
        #expect(refusal("+1 202 555 01234") == .wrongNationalLength(callingCode: "1", expected: 10...10))
    }

    @Test func northAmericanAreaCodesAndExchangesDontStartWithZeroOrOne() {
        #expect(refusal("+1 055 555 0123") == .invalidAreaCode("055"))
        #expect(refusal("+1 155 555 0123") == .invalidAreaCode("155"))
        #expect(refusal("+1 911 555 0123") == .invalidAreaCode("911"))
        #expect(refusal("+1 202 055 0123") == .invalidExchange("055"))
        // The often-seen example number is not a valid one: its exchange is 123.
        #expect(refusal("+1 555 123 4567") == .invalidExchange("123"))
    }

    @Test func fixedNationalLengths() {
        #expect(refusal("+33 6 12 34 56 7") == .wrongNationalLength(callingCode: "33", expected: 9...9))
        #expect(refusal("+7 495 123 45 6") == .wrongNationalLength(callingCode: "7", expected: 10...10))
        #expect(refusal("+91 98765 4321") == .wrongNationalLength(callingCode: "91", expected: 10...10))
    }

    @Test func refusesHugeInputQuickly() {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            #expect(refusal(String(repeating: "1", count: 10_000)) == .tooLong)
            #expect(refusal("+" + String(repeating: "9", count: 10_000)) == .tooLong)
            #expect(refusal(String(repeating: "-", count: 10_000)) == .tooLong)
            #expect(refusal(String(repeating: "😀", count: 2_500)) == .tooLong)
        }
        #expect(elapsed < .seconds(1))
    }

    @Test func errorMessagesShowAShortenedInput() throws {
        let long = String(repeating: "x", count: 60)
        let error = try #require(throws: PhoneNumberError.self) { try PhoneNumber(parsing: long, defaultCountry: "US") }
        #expect(error.input == String(repeating: "x", count: 40) + "…")
    }
}

@Suite("Phone numbers: E.164 values")
struct PhoneNumberValueTests {
    @Test func acceptsOnlyNormalisedE164() {
        #expect(PhoneNumber(e164: "+12025550123")?.e164 == "+12025550123")
        #expect(PhoneNumber(e164: "12025550123") == nil)
        #expect(PhoneNumber(e164: "+1 202 555 0123") == nil)
        #expect(PhoneNumber(e164: "+1-202-555-0123") == nil)
        #expect(PhoneNumber(e164: "+") == nil)
        #expect(PhoneNumber(e164: "") == nil)
        #expect(PhoneNumber(e164: "+99912345678") == nil)
        #expect(PhoneNumber(e164: "+１２０２５５５０１２３") == nil)
        #expect(PhoneNumber(e164: "+4412345678901234") == nil)
        #expect(PhoneNumber(e164: "+15551234567") == nil)
    }

    @Test func exposesItsParts() throws {
        let number = try #require(PhoneNumber(e164: "+442079460958"))
        #expect(number.digits == "442079460958")
        #expect(number.countryCallingCode == "44")
        #expect(number.nationalNumber == "2079460958")
        #expect(number.description == "+442079460958")
        #expect(PhoneNumber(e164: "+3584012345678")?.countryCallingCode == "358")
    }

    @Test func displayNameGroupsNorthAmericanNumbers() {
        #expect(PhoneNumber(e164: "+12025550123")?.displayName == "+1 202-555-0123")
        #expect(PhoneNumber(e164: "+442079460958")?.displayName == "+44 2079460958")
    }

    @Test func encodesAsItsE164String() throws {
        let number = try #require(PhoneNumber(e164: "+12025550123"))
        let data = try JSONEncoder().encode([number])
        #expect(String(decoding: data, as: UTF8.self) == #"["+12025550123"]"#)
        #expect(try JSONDecoder().decode([PhoneNumber].self, from: data) == [number])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([PhoneNumber].self, from: Data(#"["202 555 0123"]"#.utf8)) }
    }

    @Test func parsingAndE164Agree() throws {
        let parsed = try PhoneNumber(parsing: "(202) 555-0123", defaultCountry: "US")
        #expect(PhoneNumber(e164: parsed.e164) == parsed)
    }
}

@Suite("Phone numbers: calling code table")
struct PhoneNumberCallingCodeTableTests {
    @Test func coversEveryISORegion() {
        #expect(CallingCodes.byRegion.count == 253) // 249 ISO 3166-1 + AC, TA, UK, XK
        #expect(CallingCodes.byRegion.keys.allSatisfy { $0.count == 2 && $0.allSatisfy(\.isUppercase) })
    }

    @Test func spotChecks() {
        let expected = ["US": "1", "CA": "1", "PR": "1", "JM": "1", "RU": "7", "KZ": "7", "EG": "20", "DE": "49",
                        "GB": "44", "JE": "44", "FI": "358", "AX": "358", "CN": "86", "IN": "91", "BR": "55",
                        "ZA": "27", "NG": "234", "XK": "383", "VA": "39", "SS": "211", "CW": "599", "BQ": "599"]
        for (region, code) in expected {
            #expect(CallingCodes.byRegion[region] == code, "\(region)")
        }
    }

    @Test func codesAreOneToThreeDigitsAndNoneBeginsAnother() {
        let codes = CallingCodes.assigned
        for code in codes {
            #expect((1...3).contains(code.count) && code.allSatisfy(\.isASCII) && code.allSatisfy(\.isNumber) && !code.hasPrefix("0"))
            for length in 1..<code.count {
                #expect(!codes.contains(String(code.prefix(length))), "\(code) begins with another code")
            }
        }
    }

    @Test func everyRegionCanReadANationalNumber() {
        for region in CallingCodes.byRegion.keys {
            #expect(DialingPlan(region: region) != nil, "\(region)")
        }
    }
}

/// The sender `text` reads as, or records why not.
private func sender(_ text: String, _ country: String = "US") -> SMSAddress? {
    do {
        return try SMSAddress(parsingSender: text, defaultCountry: country)
    } catch {
        Issue.record("\(text) [\(country)]: \(error.userMessage)")
        return nil
    }
}

@Suite("SMS senders")
struct PhoneNumberSenderTests {
    @Test func numbersAreNumbers() throws {
        let number = try #require(PhoneNumber(e164: "+12025550123"))
        #expect(sender("+12025550123") == .number(number))
        #expect(sender("(202) 555-0123") == .number(number))
        #expect(sender("tel:+1-202-555-0123") == .number(number))
        #expect(sender("+12025550123")?.displayName == "+1 202-555-0123")
    }

    @Test func lettersMakeASenderID() {
        #expect(sender("AMAZON") == .alphanumeric("AMAZON"))
        #expect(sender(" MyBank ") == .alphanumeric("MyBank"))
        #expect(sender("Dr. Smith's") == .alphanumeric("Dr. Smith's"))
        #expect(sender("ÅSE-Bank") == .alphanumeric("ÅSE-Bank"))
        #expect(sender("2FA Code") == .alphanumeric("2FA Code"))
        #expect(sender("MyBank")?.displayName == "MyBank")
    }

    @Test func refusesSenderIDsThatNoCarrierDelivers() throws {
        for text in ["AmazonPrimeVideo", "AMA😀ZON", "Bank#1", "Bank\u{0}", "Ж-Bank", "e\u{301}bank", String(repeating: "A", count: 10_000)] {
            let error = try #require(throws: PhoneNumberError.self, "\(text.prefix(20))") {
                try SMSAddress(parsingSender: text, defaultCountry: "US")
            }
            #expect(error.reason == .invalidSenderID)
        }
        let error = try #require(throws: PhoneNumberError.self) { try SMSAddress(parsingSender: "AmazonPrimeVideo", defaultCountry: "US") }
        #expect(error.userMessage.contains("1 to 11"))
    }

    @Test func shortDigitRunsAreShortCodes() {
        #expect(sender("12345") == .alphanumeric("12345"))
        #expect(sender("737") == .alphanumeric("737"))
        #expect(sender("282828") == .alphanumeric("282828"))
    }

    @Test func sevenOrEightDigitsAreANumberWhereTheyReadAsOne() throws {
        #expect(sender("12345678", "DK") == .number(try #require(PhoneNumber(e164: "+4512345678"))))
        #expect(sender("1234567", "US") == .alphanumeric("1234567"))
        #expect(sender("12345678", "US") == .alphanumeric("12345678"))
    }

    @Test func refusesWhatIsNeitherNumberNorSender() {
        #expect(throws: PhoneNumberError.self) { try SMSAddress(parsingSender: "", defaultCountry: "US") }
        #expect(throws: PhoneNumberError.self) { try SMSAddress(parsingSender: "12", defaultCountry: "US") }
        #expect(throws: PhoneNumberError.self) { try SMSAddress(parsingSender: "+12345", defaultCountry: "US") }
        #expect(throws: PhoneNumberError.self) { try SMSAddress(parsingSender: "+999 1234 5678", defaultCountry: "US") }
        #expect(throws: PhoneNumberError.self) { try SMSAddress(parsingSender: "!!!", defaultCountry: "US") }
    }
}

@Suite("SMS sender remote IDs")
struct PhoneNumberSenderRemoteIDTests {
    @Test func aNumbersIDIsItsDigits() throws {
        let address = SMSAddress.number(try #require(PhoneNumber(e164: "+12025550123")))
        #expect(address.remoteID == "12025550123")
        #expect(SMSAddress(remoteID: "12025550123") == address)
    }

    @Test func aSenderIDsIDIsPrefixedLowercaseAlphanumerics() {
        #expect(SMSAddress.alphanumeric("AMAZON").remoteID == "a.amazon")
        #expect(SMSAddress.alphanumeric("My Bank").remoteID == "a.mybank")
        #expect(SMSAddress.alphanumeric("Dr. Smith's").remoteID == "a.drsmiths")
        #expect(SMSAddress.alphanumeric("12345").remoteID == "a.12345")
    }

    @Test func escapesLettersOutsideASCIISoTheyDontCollide() {
        #expect(SMSAddress.alphanumeric("Café").remoteID == "a.caf=c3=a9")
        #expect(SMSAddress.alphanumeric("ÆØÅ").remoteID != SMSAddress.alphanumeric("ÉÉÉ").remoteID)
        #expect(SMSAddress(remoteID: "a.caf=c3=a9") == .alphanumeric("café"))
        #expect(SMSAddress(remoteID: SMSAddress.alphanumeric("ΔΩ").remoteID) == .alphanumeric("δω"))
    }

    @Test func remoteIDsFitAMatrixLocalpart() {
        let allowed = Set("abcdefghijklmnopqrstuvwxyz0123456789._=-/")
        for address in [SMSAddress.alphanumeric("ÄÖÑÜ ßæ Bank"), .alphanumeric("AMAZON"), .alphanumeric("A&B_C-D!")] {
            #expect(address.remoteID.allSatisfy(allowed.contains), "\(address.remoteID)")
        }
    }

    @Test func readsBackTheLowercasedForm() {
        #expect(SMSAddress(remoteID: "a.mybank") == .alphanumeric("mybank"))
        #expect(SMSAddress(remoteID: "a.12345") == .alphanumeric("12345"))
        #expect(SMSAddress(remoteID: SMSAddress.alphanumeric("AMAZON").remoteID) == .alphanumeric("amazon"))
    }

    @Test func refusesIDsItCouldNotHaveMade() {
        for id in ["", "a.", "a.=zz", "a.=c3", "a.=61", "a.MyBank", "a.my bank", "a.abcdefghijkl", "a.12",
                   "abc", "1202", "15551234567", "+12025550123", "group:a.x,a.y", String(repeating: "a", count: 10_000)] {
            #expect(SMSAddress(remoteID: id) == nil, "\(id.prefix(20))")
        }
    }
}
