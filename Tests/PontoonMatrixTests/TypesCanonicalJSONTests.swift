import Foundation
import PontoonMatrix
import Testing

@Suite struct CanonicalJSONTests {
    private func canonical(_ text: String) throws -> String {
        try CanonicalJSON.string(try TypesFixture.json(text))
    }

    // The examples of the Matrix spec, appendices § Canonical JSON.
    @Test func emptyObjectStaysEmpty() throws {
        #expect(try canonical("{}") == "{}")
    }

    @Test func whitespaceIsRemoved() throws {
        #expect(try canonical(#"{ "one": 1, "two": "Two" }"#) == #"{"one":1,"two":"Two"}"#)
    }

    @Test func keysAreSorted() throws {
        #expect(try canonical(#"{"b":"2","a":"1"}"#) == #"{"a":"1","b":"2"}"#)
        #expect(try canonical("{\n    \"b\": \"2\",\n    \"a\": \"1\"\n}") == #"{"a":"1","b":"2"}"#)
    }

    @Test func nestedObjectsAreSortedAndArraysKeepTheirOrder() throws {
        let input = """
            {"auth": {"success": true, "mxid": "@john.doe:example.com",
              "profile": {"display_name": "John Doe", "three_pids": [
                {"medium": "email", "address": "john.doe@example.org"},
                {"medium": "msisdn", "address": "123456789"}]}}}
            """
        let expected = #"{"auth":{"mxid":"@john.doe:example.com","profile":{"display_name":"John Doe","three_pids":[{"address":"john.doe@example.org","medium":"email"},{"address":"123456789","medium":"msisdn"}]},"success":true}}"#
        #expect(try canonical(input) == expected)
    }

    @Test func nonASCIIIsWrittenAsRawUTF8() throws {
        #expect(try canonical(#"{"a": "日本語"}"#) == #"{"a":"日本語"}"#)
        #expect(try CanonicalJSON.encode(["a": "日本語"]) == Array(#"{"a":"日本語"}"#.utf8))
    }

    @Test func nonASCIIKeysAreSortedByCodePoint() throws {
        #expect(try canonical(#"{"本": 2, "日": 1}"#) == #"{"日":1,"本":2}"#)
    }

    @Test func unnecessaryUnicodeEscapesAreUnescaped() throws {
        #expect(try canonical(#"{"a": "\u65E5"}"#) == #"{"a":"日"}"#)
    }

    @Test func nullIsKept() throws {
        #expect(try canonical(#"{"a": null}"#) == #"{"a":null}"#)
    }

    @Test func negativeZeroAndExponentIntegersBecomePlainIntegers() throws {
        #expect(try canonical(#"{"a": -0, "b": 1e10}"#) == #"{"a":0,"b":10000000000}"#)
        #expect(try CanonicalJSON.string(.double(-0.0)) == "0")
    }

    @Test func keysSortByCodePointNotUTF16() throws {
        // U+FF21 (BMP, high code unit) vs U+1F600 (astral, surrogate 0xD83D in UTF-16):
        // UTF-16 order would put the emoji first; code point order puts U+FF21 first.
        let value: JSONValue = ["😀": 1, "Ａ": 2]
        #expect(try CanonicalJSON.string(value) == #"{"Ａ":2,"😀":1}"#)
    }

    @Test func asciiKeysSortBytewiseWithUppercaseFirst() throws {
        let value: JSONValue = ["b": 1, "B": 2, "a": 3, "_": 4, "1": 5]
        #expect(try CanonicalJSON.string(value) == #"{"1":5,"B":2,"_":4,"a":3,"b":1}"#)
    }

    @Test func controlCharactersUseShortEscapesOrLowercaseHex() throws {
        let value: JSONValue = ["a": .string("\u{0}\u{8}\u{9}\u{A}\u{B}\u{C}\u{D}\u{1B}\u{1F}")]
        #expect(try CanonicalJSON.string(value) == #"{"a":"\u0000\b\t\n\u000b\f\r\u001b\u001f"}"#)
    }

    @Test func onlyQuoteAndBackslashAreEscapedAmongPrintables() throws {
        let value: JSONValue = .string("\"\\/<>&\u{7F}\u{2028}é")
        #expect(try CanonicalJSON.string(value) == "\"\\\"\\\\/<>&\u{7F}\u{2028}é\"")
    }

    @Test func nulFromAnEscapeIsReEscaped() throws {
        #expect(try canonical(#"{"a":"\u0000"}"#) == #"{"a":"\u0000"}"#)
    }

    @Test func integersAtTheSafeLimitsAreAccepted() throws {
        #expect(try CanonicalJSON.string(.int(9_007_199_254_740_991)) == "9007199254740991")
        #expect(try CanonicalJSON.string(.int(-9_007_199_254_740_991)) == "-9007199254740991")
    }

    @Test func integersBeyondTheSafeLimitsAreRejected() {
        #expect(throws: CanonicalJSONError.integerOutOfRange(path: "n")) {
            try CanonicalJSON.encode(["n": .int(9_007_199_254_740_992)])
        }
        #expect(throws: CanonicalJSONError.integerOutOfRange(path: "")) { try CanonicalJSON.encode(.int(.min)) }
        #expect(throws: CanonicalJSONError.integerOutOfRange(path: "")) { try CanonicalJSON.encode(.double(1e300)) }
    }

    @Test func fractionsAndNonFiniteNumbersAreRejectedWithTheirPath() {
        #expect(throws: CanonicalJSONError.notAnInteger(path: "a.b[1]")) {
            try CanonicalJSON.encode(["a": ["b": [1, 1.5]]])
        }
        #expect(throws: CanonicalJSONError.notAnInteger(path: "")) { try CanonicalJSON.encode(.double(.nan)) }
        #expect(throws: CanonicalJSONError.notAnInteger(path: "")) { try CanonicalJSON.encode(.double(.infinity)) }
    }

    @Test func excessiveNestingIsRejectedNotCrashing() {
        var value: JSONValue = 1
        for _ in 0..<1000 { value = [value] }
        #expect(throws: CanonicalJSONError.self) { try CanonicalJSON.encode(value) }
    }

    @Test func encodableValuesAreCanonicalised() throws {
        struct DeviceKeys: Encodable {
            let user_id = "@dummy_ghost:localhost"
            let device_id = "GHOSTDEV"
            let algorithms = ["m.olm.v1.curve25519-aes-sha2", "m.megolm.v1.aes-sha2"]
        }
        let bytes = try CanonicalJSON.encode(encodable: DeviceKeys())
        #expect(String(decoding: bytes, as: UTF8.self)
            == #"{"algorithms":["m.olm.v1.curve25519-aes-sha2","m.megolm.v1.aes-sha2"],"device_id":"GHOSTDEV","user_id":"@dummy_ghost:localhost"}"#)
    }

    @Test func dataAndStringAgreeWithBytes() throws {
        let value: JSONValue = ["z": [true, false, nil], "a": "x"]
        let bytes = try CanonicalJSON.encode(value)
        #expect(try CanonicalJSON.data(value) == Data(bytes))
        #expect(try CanonicalJSON.string(value) == #"{"a":"x","z":[true,false,null]}"#)
    }
}
