import Foundation
@testable import PontoonSMS
import Testing

private func segments(_ text: String) -> (SMSSegments.Encoding, count: Int, units: Int, remaining: Int) {
    let counted = SMSSegments(counting: text)
    return (counted.encoding, counted.count, counted.units, counted.remainingInLastSegment)
}

private func repeated(_ text: String, _ count: Int) -> String {
    String(repeating: text, count: count)
}

@Suite("SMS segments: GSM-7")
struct SMSSegmentsGSMTests {
    @Test func theAlphabetTablesAreComplete() {
        #expect(GSM7Alphabet.basic.count == 127)
        #expect(GSM7Alphabet.extended.count == 10)
        #expect(GSM7Alphabet.basic.isDisjoint(with: GSM7Alphabet.extended))
    }

    @Test func everyBasicCharacterIsOneSeptet() {
        let text = GSM7Alphabet.basicCharacters
        #expect(segments(text) == (.gsm7, 1, 127, 33))
        #expect(segments("@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./:;<=>?¡ÄÖÑÜ§¿äöñüà").0 == .gsm7)
    }

    @Test func extensionCharactersAreTwoSeptets() {
        #expect(segments("^{}\\[~]|€\u{0C}") == (.gsm7, 1, 20, 140))
    }

    @Test func emptyTextIsOneEmptySegment() {
        #expect(segments("") == (.gsm7, 1, 0, 160))
    }

    @Test func singleAndConcatenatedBoundaries() {
        #expect(segments(repeated("a", 160)) == (.gsm7, 1, 160, 0))
        #expect(segments(repeated("a", 161)) == (.gsm7, 2, 161, 145))
        #expect(segments(repeated("a", 306)) == (.gsm7, 2, 306, 0))
        #expect(segments(repeated("a", 307)) == (.gsm7, 3, 307, 152))
    }

    @Test func euroSignsCostTwo() {
        #expect(segments(repeated("€", 80)) == (.gsm7, 1, 160, 0))
        #expect(segments(repeated("€", 81)) == (.gsm7, 2, 162, 143))
    }

    @Test func anExtensionCharacterIsNeverSplitAcrossParts() {
        // 152 + 2 would be 154: the € starts part 2, leaving 1 septet unused in part 1.
        #expect(segments(repeated("a", 152) + "€" + repeated("a", 10)) == (.gsm7, 2, 164, 141))
        #expect(segments(repeated("a", 151) + "€" + repeated("a", 10)) == (.gsm7, 2, 163, 143))
    }

    @Test func carriageReturnLineFeedIsTwoSeptets() {
        #expect(segments("a\r\nb") == (.gsm7, 1, 4, 156))
    }

    @Test func precomposedAccentsAreGSMAndCombiningOnesAreNot() {
        #expect(segments("café").0 == .gsm7)
        #expect(segments("cafe\u{301}") == (.ucs2, 1, 5, 65))
        #expect(segments("ç").0 == .ucs2)
    }
}

@Suite("SMS segments: UCS-2")
struct SMSSegmentsUCS2Tests {
    @Test func oneCharacterOutsideGSMMakesTheWholeTextUCS2() {
        #expect(segments(repeated("a", 100) + "ж") == (.ucs2, 2, 101, 33))
        #expect(segments("\u{1B}") == (.ucs2, 1, 1, 69))
    }

    @Test func singleAndConcatenatedBoundaries() {
        #expect(segments(repeated("ж", 70)) == (.ucs2, 1, 70, 0))
        #expect(segments(repeated("ж", 71)) == (.ucs2, 2, 71, 63))
        #expect(segments(repeated("ж", 134)) == (.ucs2, 2, 134, 0))
        #expect(segments(repeated("ж", 135)) == (.ucs2, 3, 135, 66))
    }

    @Test func emojiOutsideTheBMPAreTwoUnits() {
        #expect(segments(repeated("ж", 66) + "😀") == (.ucs2, 1, 68, 2))
        #expect(segments(repeated("ж", 68) + "😀") == (.ucs2, 1, 70, 0))
        #expect(segments(repeated("ж", 69) + "😀") == (.ucs2, 2, 71, 63))
        #expect(segments(repeated("😀", 35)) == (.ucs2, 1, 70, 0))
    }

    @Test func aSurrogatePairIsNeverSplitAcrossParts() {
        // 66 + 2 would be 68: the emoji starts part 2, so part 1 holds 66.
        #expect(segments(repeated("ж", 66) + "😀" + repeated("ж", 5)) == (.ucs2, 2, 73, 60))
        #expect(segments(repeated("😀", 34) + "ж") == (.ucs2, 1, 69, 1))
        // 33 emoji fill 66 of part 1, the 34th starts part 2.
        #expect(segments(repeated("😀", 36)) == (.ucs2, 2, 72, 61))
    }

    @Test func multiScalarGraphemesCountEveryUnit() {
        #expect(segments("🇩🇪").units == 4)
        #expect(segments("👨‍👩‍👧‍👦").units == 11)
        #expect(segments("👍🏽").units == 4)
        #expect(segments("ж\u{301}").units == 2)
    }

    @Test func replacementCharactersFromInvalidUTF8CountAsOneUnitEach() {
        // A lone surrogate encoded in UTF-8 (CESU style) can't be a Swift string: it decodes to U+FFFD.
        let text = String(decoding: [0x61, 0xED, 0xA0, 0x80, 0x62] as [UInt8], as: UTF8.self)
        let replacements = text.unicodeScalars.filter { $0 == "\u{FFFD}" }.count
        #expect(replacements >= 1)
        #expect(segments(text) == (.ucs2, 1, 2 + replacements, 68 - replacements))
    }
}

@Suite("SMS segments: size")
struct SMSSegmentsSizeTests {
    @Test func countsTenKilobytes() {
        #expect(segments(repeated("a", 10_000)) == (.gsm7, 66, 10_000, 98))
        #expect(segments(repeated("ж", 10_000)) == (.ucs2, 150, 10_000, 50))
    }

    @Test func isLinearInTheLength() {
        let clock = ContinuousClock()
        let text = repeated("a€ж😀", 100_000)
        let elapsed = clock.measure { _ = SMSSegments(counting: text) }
        #expect(SMSSegments(counting: text).units == 500_000)
        #expect(elapsed < .seconds(5))
    }
}
