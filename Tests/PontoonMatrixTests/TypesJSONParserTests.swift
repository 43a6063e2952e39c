import Foundation
import PontoonMatrix
import Testing

@Suite struct JSONParserTests {
    @Test func parsesEveryKindOfValue() throws {
        let value = try JSONValue(parsing: #" {"n":null,"t":true,"f":false,"i":-42,"d":1.5,"s":"x","a":[1,[]],"o":{}} "#)
        #expect(value == ["n": nil, "t": true, "f": false, "i": -42, "d": 1.5, "s": "x", "a": [1, []], "o": [:]])
    }

    @Test func numbersWithoutFractionAreIntegersAndOthersDoubles() throws {
        #expect(try JSONValue(parsing: "1") == .int(1))
        #expect(try JSONValue(parsing: "-0") == .int(0))
        #expect(try JSONValue(parsing: "1.0") == .double(1.0))
        #expect(try JSONValue(parsing: "1e3") == .double(1000))
        #expect(try JSONValue(parsing: "-9223372036854775808") == .int(.min))
        #expect(try JSONValue(parsing: "9223372036854775807") == .int(.max))
        #expect(try JSONValue(parsing: "9223372036854775808") == .double(9_223_372_036_854_775_808))
    }

    @Test func invalidNumbersAreRejected() {
        for text in ["01", "-", "1.", ".5", "+1", "1e", "1e+", "-a", "0x10", "NaN", "Infinity"] {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: text) }
        }
    }

    @Test func escapesAreDecoded() throws {
        let value = try JSONValue(parsing: #""a\"b\\c\/d\be\ff\ng\rh\ti\u00e9\u65E5\ud83d\ude00""#)
        #expect(value == .string("a\"b\\c/d\u{8}e\u{C}f\ng\rh\ti\u{E9}日😀"))
    }

    @Test func loneSurrogateEscapesBecomeReplacementCharacters() throws {
        #expect(try JSONValue(parsing: #""\ud800x""#) == .string("\u{FFFD}x"))
        #expect(try JSONValue(parsing: #""\udc00""#) == .string("\u{FFFD}"))
        #expect(try JSONValue(parsing: #""\ud800\u0041""#) == .string("\u{FFFD}A"))
    }

    @Test func nulInAStringSurvives() throws {
        let value = try JSONValue(parsing: #"{"body":"a\u0000b"}"#)
        #expect(value["body"]?.stringValue == "a\u{0}b")
        #expect(value.jsonString() == #"{"body":"a\u0000b"}"#)
    }

    @Test func invalidEscapesAreRejected() {
        for text in [#""\x""#, #""\u12""#, #""\u12G4""#, #""\"#] {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: text) }
        }
    }

    @Test func rawControlCharactersInStringsAreRejected() {
        #expect(throws: JSONParseError(reason: .controlCharacterInString, offset: 2)) {
            try JSONValue(parsing: Array("\"a\nb\"".utf8))
        }
    }

    @Test func invalidUTF8IsRejected() {
        for bytes: [UInt8] in [[0x22, 0xFF, 0x22], [0x22, 0xC3, 0x22], [0x22, 0xED, 0xA0, 0x80, 0x22], [0x22, 0x5C, 0x6E, 0xFE, 0x22]] {
            #expect(throws: JSONParseError.self) { try JSONValue(parsing: bytes) }
        }
    }

    @Test func validMultibyteUTF8IsAccepted() throws {
        #expect(try JSONValue(parsing: Array("\"é日😀\"".utf8)) == .string("é日😀"))
    }

    @Test func structuralErrorsAreRejected() {
        for text in ["", " ", "{", "[", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{1:2}", "[1 2]", "tru", "nul", "{} {}", "\"abc", "// c\n1"] {
            #expect(throws: JSONParseError.self, "\(text)") { try JSONValue(parsing: text) }
        }
    }

    @Test func trailingContentIsReported() {
        #expect(throws: JSONParseError(reason: .trailingContent, offset: 3)) { try JSONValue(parsing: "{} x") }
    }

    @Test func duplicateKeysKeepTheLastValue() throws {
        #expect(try JSONValue(parsing: #"{"a":1,"a":2}"#) == ["a": 2])
    }

    @Test func tenThousandNestedArraysAreRejectedWithoutCrashing() {
        let text = String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)
        #expect(throws: JSONParseError(reason: .tooDeep(limit: 512), offset: 512)) { try JSONValue(parsing: text) }
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let text = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        let value = try JSONValue(parsing: text)
        #expect(value.arrayValue?.count == 1)
    }

    @Test func nonContiguousCollectionsParse() throws {
        let bytes = Array("[1,2,3]".utf8).lazy.map { $0 }
        #expect(try JSONValue(parsing: bytes) == [1, 2, 3])
    }

    @Test func hugeStringsParse() throws {
        let big = String(repeating: "ab日", count: 1_000_000)
        let value = try JSONValue(parsing: "{\"s\":\"\(big)\"}")
        #expect(value["s"]?.stringValue?.count == 3_000_000)
    }
}

@Suite struct JSONWriterTests {
    @Test func compactOutputHasNoWhitespace() throws {
        let value: JSONValue = ["a": [1, "x", nil, true]]
        #expect(value.jsonString() == #"{"a":[1,"x",null,true]}"#)
    }

    @Test func sortedKeysGiveStableBytes() {
        let value: JSONValue = ["b": 1, "a": ["d": 1, "c": 2]]
        #expect(value.jsonString(sortedKeys: true) == #"{"a":{"c":2,"d":1},"b":1}"#)
    }

    @Test func doublesReparseAsEqualDoubles() throws {
        for number in [1.0, 0.1, -2.5, 1e20, .leastNonzeroMagnitude, 1.7976931348623157e308, -0.0, 123456789.123] {
            let text = JSONValue.double(number).jsonString()
            #expect(try JSONValue(parsing: text) == .double(number), "\(text)")
        }
    }

    @Test func infinityRoundTripsAndNaNBecomesNull() throws {
        #expect(try JSONValue(parsing: JSONValue.double(.infinity).jsonBytes()) == .double(.infinity))
        #expect(try JSONValue(parsing: JSONValue.double(-.infinity).jsonBytes()) == .double(-.infinity))
        #expect(JSONValue.double(.nan).jsonString() == "null")
    }

    @Test func everyValueRoundTripsThroughBytes() throws {
        let value: JSONValue = [
            "s": "quote \" backslash \\ nul \u{0} tab \t 日本 😀", "i": .int(.min), "j": .int(.max), "d": 0.25,
            "a": [[], [:], nil, false], "o": ["nested": ["deeper": "x"]],
        ]
        #expect(try JSONValue(parsing: value.jsonData()) == value)
    }
}
