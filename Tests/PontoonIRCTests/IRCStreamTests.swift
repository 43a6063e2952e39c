@testable import PontoonIRC
import Testing

@Suite("IRC byte stream: framing and decoding")
struct IRCStreamTests {
    @Test func framesOnLFAndDropsTheCR() {
        var framer = IRCLineFramer()
        let first = framer.append(Array("PING a\r\nPIN".utf8))
        let second = framer.append(Array("G b\n\r\n".utf8))
        #expect(first == [.line(Array("PING a".utf8))])
        #expect(second == [.line(Array("PING b".utf8)), .line([])])
    }

    @Test func anOverlongLineIsReportedAndTheNextOneStillArrives() {
        var framer = IRCLineFramer(maxLineBytes: 16)
        var lines = framer.append([UInt8](repeating: 65, count: 100_000))
        #expect(lines.isEmpty)
        lines = framer.append(Array("\nPING ok\r\n".utf8))
        #expect(lines.count == 2)
        #expect(lines.first == .overlong(byteCount: 100_000))
        #expect(lines.last == .line(Array("PING ok".utf8)))
    }

    @Test func aBareCRStaysInsideTheLineWhereTheParserSeesIt() {
        var framer = IRCLineFramer()
        let lines = framer.append(Array("A\rB\n".utf8))
        #expect(lines == [.line(Array("A\rB".utf8))])
    }

    @Test func validUTF8IsKeptAndInvalidBytesFallBackWithoutFailing() {
        let decoder = IRCTextDecoder(fallback: .cp1252)
        #expect(decoder.decode(Array("héllo 😀".utf8)) == "héllo 😀")
        #expect(decoder.decode([0x63, 0x61, 0x66, 0xE9]) == "café")
        #expect(decoder.decode([0x80, 0x99]) == "€™")
        #expect(IRCTextDecoder(fallback: .latin1).decode([0xE9, 0x80]) == "é\u{80}")
        #expect(decoder.decode([0x61, 0x00, 0x62]) == "ab")
        #expect(decoder.decode([0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0x80]).count == 7)
    }

    @Test func everyByteSequenceDecodesToSomething() {
        var generator = SystemRandomNumberGenerator()
        let decoder = IRCTextDecoder()
        for _ in 0..<500 {
            let bytes = (0..<Int.random(in: 0...64, using: &generator)).map { _ in UInt8.random(in: 0...255, using: &generator) }
            let text = decoder.decode(bytes)
            #expect(!text.unicodeScalars.contains("\u{0}"))
            _ = try? IRCMessage(parsing: text)
        }
    }
}
