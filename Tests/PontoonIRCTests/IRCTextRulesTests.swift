@testable import PontoonIRC
import Testing

@Suite("IRC text rules: safety, splitting, nicks, ISUPPORT, casemapping, CTCP, SASL")
struct IRCTextRulesTests {
    @Test func matrixTextCannotForgeLinesOrCTCP() {
        #expect(IRCTextSafety.lines("a\r\nQUIT :x\rb\nc\u{2028}d") == ["a", "QUIT :x", "b", "c", "d"])
        #expect(IRCTextSafety.lines("\u{1}VERSION\u{1} hi\u{0}\u{7}") == ["VERSION hi"])
        #expect(IRCTextSafety.lines("\u{2}bold\u{2}\tand \u{3}04red") == ["\u{2}bold\u{2} and \u{3}04red"])
        #expect(IRCTextSafety.lines("\n\n  \n") == [])
    }

    @Test func splittingKeepsWordsAndCharactersWhole() {
        let pieces = IRCMessageSplitter.split("alpha beta gamma delta", maxBytes: 11)
        #expect(pieces == ["alpha beta", "gamma delta"])
        let emoji = String(repeating: "😀", count: 10)  // 4 bytes each
        let split = IRCMessageSplitter.split(emoji, maxBytes: 10)
        #expect(split.allSatisfy { $0.utf8.count <= 10 })
        #expect(split.joined() == emoji)
        let family = "👨‍👩‍👧‍👦"  // one grapheme, 25 bytes
        #expect(IRCMessageSplitter.split(family + " x", maxBytes: 8).allSatisfy { $0.utf8.count <= 8 })
        #expect(IRCMessageSplitter.split("", maxBytes: 10) == [])
    }

    @Test func theBudgetLeavesRoomForWhatTheServerPrepends() {
        let budget = IRCMessageSplitter.textBudget(command: "PRIVMSG", target: "#chan", sourceLength: 60)
        let line = ":" + String(repeating: "s", count: 60) + " PRIVMSG #chan :" + String(repeating: "x", count: budget) + "\r\n"
        #expect(line.utf8.count <= 512)
    }

    @Test func nicksAreSanitisedAndAlternativesStayWithinTheLimit() {
        #expect(NickRules.sanitize("Alice Smith", maxLength: 30) == "AliceSmith")
        #expect(NickRules.sanitize("9lives", maxLength: 30) == "_9lives")
        #expect(NickRules.sanitize("😀", maxLength: 30) == "matrix")
        #expect(NickRules.sanitize("averyveryverylongnickname", maxLength: 9) == "averyvery")
        #expect(NickRules.alternative(to: "alice", attempt: 1, maxLength: 9) == "alice_")
        #expect(NickRules.alternative(to: "averyvery", attempt: 1, maxLength: 9) == "averyver_")
        #expect(NickRules.alternative(to: "averyvery", attempt: 12, maxLength: 9) == "averyve11")
    }

    @Test func isupportTokensApplyAndRemove() {
        var support = ISupport()
        support.apply(["NICKLEN=30", "CASEMAPPING=ascii", "PREFIX=(qaohv)~&@%+", "CHANTYPES=#&+", "CHANMODES=b,k,l,imnpst",
                       "NETWORK=Test\\x20Net", "TOPICLEN=307", "UTF8ONLY", "LINELEN=nonsense", "NICKLEN=-5", "=x", "PREFIX=(ov)@"])
        #expect(support.nickLength == 30)
        #expect(support.caseMapping == .ascii)
        #expect(support.mode(forPrefix: "~") == "q")
        #expect(support.prefix(forMode: "h") == "%")
        #expect(support.isChannel("+chan"))
        #expect(!support.isChannel("#"))
        #expect(support.networkName == "Test Net")
        #expect(support.utf8Only)
        #expect(support.lineLength == 512)
        support.apply(["-NETWORK", "-CASEMAPPING"])
        #expect(support.networkName == nil)
        #expect(support.caseMapping == .rfc1459)
    }

    @Test func casemappingsFoldAsTheirNamesSay() {
        #expect(CaseMapping.rfc1459.fold("Nick[]\\~") == "nick{}|^")
        #expect(CaseMapping.strictRFC1459.fold("Nick[]\\~") == "nick{}|~")
        #expect(CaseMapping.ascii.fold("Nick[]") == "nick[]")
        #expect(CaseMapping.rfc7613.fold("ÉCOLE") == "école")
    }

    @Test func ctcpIsParsedLeniently() {
        #expect(CTCP.parse("\u{1}ACTION waves\u{1}")! == ("ACTION", "waves"))
        #expect(CTCP.parse("\u{1}action waves")! == ("ACTION", "waves"))
        #expect(CTCP.parse("\u{1}VERSION\u{1}")! == ("VERSION", ""))
        #expect(CTCP.parse("\u{1}\u{1}") == nil)
        #expect(CTCP.parse("plain") == nil)
        #expect(CTCP.encode(command: "ACTION", argument: "waves") == "\u{1}ACTION waves\u{1}")
    }

    @Test func saslPlainIsChunkedAt400Bytes() {
        #expect(SASL.plainChunks(account: "alice", password: "pw") == ["YWxpY2UAYWxpY2UAcHc="])
        let long = SASL.plainChunks(account: "a", password: String(repeating: "p", count: 596))  // 600 bytes → 800 base64
        #expect(long.count == 3)
        #expect(long[0].count == 400 && long[1].count == 400 && long[2] == "+")
    }

    @Test func capListsSpanLinesAndCarryValues() {
        var list = CapabilityList()
        let firstIsLast = list.apply(lsParameters: ["*", "sasl=PLAIN,EXTERNAL multi-prefix"])
        let secondIsLast = list.apply(lsParameters: ["draft/relaymsg=/"])
        #expect(!firstIsLast)
        #expect(secondIsLast)
        #expect(list.offered == ["sasl": "PLAIN,EXTERNAL", "multi-prefix": "", "draft/relaymsg": "/"])
    }
}

@Suite("Netsplit detection")
struct NetsplitTests {
    @Test(arguments: ["hub.example.org leaf.example.org", "*.net *.split", "irc1.libera.chat irc2.libera.chat"])
    func splitReasonsAreRecognised(_ reason: String) {
        #expect(Netsplit.isSplitQuit(reason))
    }

    @Test(arguments: ["", "Quit: bye", "Ping timeout: 240 seconds", "a.b", "a.b a.b", "see you.later tomorrow.ok now",
                      "hub.example.org  leaf.example.org", "Remote host closed the connection", "..  ..", "a.b.. c.d"])
    func otherQuitsAreNot(_ reason: String) {
        #expect(!Netsplit.isSplitQuit(reason))
    }
}

@Suite("IRC topics")
struct IRCTopicTests {
    @Test(arguments: [
        ("plain", 390, "plain"), ("two\r\nlines\u{0}", 390, "two lines"), ("a very long topic", 10, "a very"),
        ("\u{1}ACTION\u{1}", 390, "ACTION"), ("ééé", 5, "éé"),
    ])
    func topicsBecomeOneSafeLineWithinTopicLen(_ topic: String, _ limit: Int, _ expected: String) {
        #expect(IRCSession.topicLine(topic, maxBytes: limit) == expected)
    }
}
