import Foundation
import Testing
@testable import PontoonCrypto

@Suite("Unpadded base64")
struct Base64Tests {
    @Test("encodes without padding, standard and URL-safe")
    func encodes() {
        #expect(UnpaddedBase64.encode(Data([0xff, 0xfe])) == "//4")
        #expect(UnpaddedBase64.encode(Data([0xff, 0xfe]), urlSafe: true) == "__4")
        #expect(UnpaddedBase64.encode(Data()) == "")
    }

    @Test("decodes with or without padding, as the spec asks")
    func decodesPaddedAndUnpadded() {
        #expect(UnpaddedBase64.decode("//4") == [0xff, 0xfe])
        #expect(UnpaddedBase64.decode("//4=") == [0xff, 0xfe])
        #expect(UnpaddedBase64.decode("__4", urlSafe: true) == [0xff, 0xfe])
        #expect(UnpaddedBase64.decode("") == [])
    }

    @Test("rejects other characters, the other alphabet, impossible lengths and misplaced padding")
    func rejectsGarbage() {
        #expect(UnpaddedBase64.decode("!!!!") == nil)
        #expect(UnpaddedBase64.decode("__4") == nil)
        #expect(UnpaddedBase64.decode("//4", urlSafe: true) == nil)
        #expect(UnpaddedBase64.decode("A") == nil)
        #expect(UnpaddedBase64.decode("//4==") == nil)
        #expect(UnpaddedBase64.decode("/=/4") == nil)
        #expect(UnpaddedBase64.decode("//4 ") == nil)
    }
}
