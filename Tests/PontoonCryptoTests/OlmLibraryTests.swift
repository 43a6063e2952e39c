import PontoonCrypto
import Testing

@Suite("libolm")
struct OlmLibraryTests {
    @Test func linksTheDebianLibolm() {
        #expect(OlmLibrary.version.hasPrefix("3."))
    }
}
