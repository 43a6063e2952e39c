@testable import PontoonIRC
import Testing

@Suite("IRC lines: parsing and writing")
struct IRCMessageTests {
    @Test func parsesTagsSourceCommandAndTrailing() throws {
        let message = try IRCMessage(parsing: "@time=2011-10-19T16:40:51.620Z;msgid=abc;+draft/reply=x\\sy :nick!user@host PRIVMSG #chan :hello world")
        #expect(message.tags == ["time": "2011-10-19T16:40:51.620Z", "msgid": "abc", "+draft/reply": "x y"])
        #expect(message.source == IRCSource(nick: "nick", user: "user", host: "host"))
        #expect(message.command == "PRIVMSG")
        #expect(message.parameters == ["#chan", "hello world"])
        #expect(message.msgID == "abc")
        #expect(message.serverTime == 1_319_042_451_620)
    }

    @Test func isLenientAboutSpacingAndCase() throws {
        let message = try IRCMessage(parsing: ":srv   privmsg    a   b   :c  d  ")
        #expect(message.command == "PRIVMSG")
        #expect(message.parameters == ["a", "b", "c  d  "])
        #expect(try IRCMessage(parsing: "PING").parameters == [])
        #expect(try IRCMessage(parsing: ":srv 001 me :Welcome").numeric == 1)
        #expect(try IRCMessage(parsing: "CMD a :").parameters == ["a", ""])
    }

    @Test func tagEscapesRoundTripAndOddEscapesAreTolerated() throws {
        let value = "a;b c\\d\r\ne"
        let line = try IRCMessage(tags: ["+x": value], command: "TAGMSG", parameters: ["#c"]).wireLine()
        #expect(try IRCMessage(parsing: line).tags["+x"] == value)
        #expect(IRCTags.unescape("\\q\\") == "q")
        #expect(IRCTags.parse("a=1;a=2;;=x;b") == ["a": "2", "b": ""])
    }

    @Test(arguments: ["", "   ", ":", ":only-source", "@", "@a=b", "@a=b :src", ":src 12 x", "1234", "PRIV;MSG x", "@\u{0} "])
    func hostileOrEmptyLinesAreTypedErrors(_ line: String) {
        #expect(throws: IRCParseError.self) { try IRCMessage(parsing: line) }
    }

    @Test func oversizedInputIsRefusedNotProcessed() {
        let tags = "@" + (0..<10_000).map { "k\($0)=v" }.joined(separator: ";") + " PING"
        #expect(throws: IRCParseError.self) { try IRCMessage(parsing: tags) }
        #expect(throws: IRCParseError.self) { try IRCMessage(parsing: "PRIVMSG #c :" + String(repeating: "x", count: 100_000)) }
        let manyParameters = "CMD " + String(repeating: "p ", count: 1000)
        #expect(throws: IRCParseError.self) { try IRCMessage(parsing: manyParameters) }
    }

    @Test func writingRefusesAnythingThatCouldStartAnotherCommand() {
        #expect(throws: IRCLineError.self) { try IRCMessage.privmsg("#c", "hi\r\nQUIT :bye").wireLine() }
        #expect(throws: IRCLineError.self) { try IRCMessage.privmsg("#c", "nul\u{0}").wireLine() }
        #expect(throws: IRCLineError.self) { try IRCMessage.privmsg("#c x", "text").wireLine() }
        #expect(throws: IRCLineError.self) { try IRCMessage.privmsg(":evil", "text").wireLine() }
        #expect(throws: IRCLineError.self) { try IRCMessage.privmsg("", "text").wireLine() }
        #expect(throws: IRCLineError.self) { try IRCMessage(command: "PRIV MSG").wireLine() }
        #expect(throws: IRCLineError.self) { try IRCMessage.privmsg("#c", String(repeating: "x", count: 600)).wireLine() }
        #expect(throws: IRCLineError.self) { try IRCMessage(tags: ["bad key": "v"], command: "TAGMSG", parameters: ["#c"]).wireLine() }
    }

    @Test func writesTheShortestCorrectForm() throws {
        #expect(try IRCMessage.privmsg("#c", "hello world").wireLine() == "PRIVMSG #c :hello world")
        #expect(try IRCMessage.privmsg("#c", "one").wireLine() == "PRIVMSG #c one")
        #expect(try IRCMessage.privmsg("#c", ":colon").wireLine() == "PRIVMSG #c ::colon")
        #expect(try IRCMessage.privmsg("#c", "").wireLine() == "PRIVMSG #c :")
        #expect(try IRCMessage.tagmsg("#c", tags: ["+typing": "active", "+a": ""]).wireLine() == "@+a;+typing=active TAGMSG #c")
    }

    @Test func logDescriptionsLeaveOutBodiesAndSecrets() {
        #expect(!IRCMessage.privmsg("#c", "secret text").description.contains("secret"))
        #expect(!IRCMessage(command: "PASS", parameters: ["hunter2"]).description.contains("hunter2"))
        #expect(!IRCMessage(command: "AUTHENTICATE", parameters: ["c2VjcmV0"]).description.contains("c2VjcmV0"))
        #expect(IRCMessage(command: "JOIN", parameters: ["#c"]).description == "JOIN #c")
    }

    @Test(arguments: ["2011-10-19T16:40:51Z", "1970-01-01T00:00:00.000Z", "2024-02-29T23:59:59.9999999999999999999Z"])
    func serverTimesParse(_ text: String) {
        #expect(ServerTime.milliseconds(from: text) != nil)
    }

    @Test(arguments: ["", "yesterday", "2011-13-19T16:40:51Z", "2011-10-19T16:40:51", "2011-10-19T16:40:51.Z", "２０１１-10-19T16:40:51Z",
                      "2011-10-19T16:40:51.12a4Z"])
    func badServerTimesAreNil(_ text: String) {
        #expect(ServerTime.milliseconds(from: text) == nil)
    }

    @Test func sourcesParseWithOrWithoutUserAndHost() {
        #expect(IRCSource(parsing: "irc.example.org").isServer)
        #expect(IRCSource(parsing: "nick").nick == "nick")
        #expect(!IRCSource(parsing: "nick").isServer)
        #expect(IRCSource(parsing: "n!u@h").description == "n!u@h")
        #expect(IRCSource(parsing: "n@h").host == "h")
    }
}
