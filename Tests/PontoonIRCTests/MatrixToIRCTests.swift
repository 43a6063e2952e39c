@testable import PontoonIRC
import Testing

private func irc(_ html: String, body: String = "", pillNick: (String) -> String? = { _ in nil }) -> String {
    MatrixToIRC.convert(body: body, html: html, pillNick: pillNick)
}

private let bold = "\u{2}", italic = "\u{1D}", underline = "\u{1F}", strike = "\u{1E}", mono = "\u{11}", color = "\u{3}"

@Suite("Matrix → IRC formatting")
struct MatrixToIRCTests {
    // MARK: Plain bodies

    @Test func withoutHTMLTheBodyIsUsed() {
        #expect(MatrixToIRC.convert(body: "plain *text* <b>", html: nil) == "plain *text* <b>")
    }

    @Test func bodyLineEndingsBecomeLineFeeds() {
        #expect(MatrixToIRC.convert(body: "a\r\nb\rc\nd", html: nil) == "a\nb\nc\nd")
    }

    @Test func bodyLosesControlCharactersButKeepsTabs() {
        #expect(MatrixToIRC.convert(body: "a\u{0}b\u{1}c\u{3}4d\u{7F}e\tf", html: nil) == "abc4de\tf")
    }

    @Test func bodyBlankLinesAreTrimmedAndCollapsed() {
        #expect(MatrixToIRC.convert(body: "\n \nfirst\n\n\n  \nsecond  \n\n", html: nil) == "first\n\nsecond")
    }

    @Test func htmlThatShowsNothingFallsBackToTheBody() {
        #expect(MatrixToIRC.convert(body: "fallback", html: "<script>x</script><mx-reply>q</mx-reply>") == "fallback")
    }

    // MARK: Styles

    @Test(arguments: [("b", bold), ("strong", bold), ("i", italic), ("em", italic), ("u", underline), ("s", strike),
                      ("del", strike), ("strike", strike), ("code", mono)])
    func eachTagBecomesItsCode(tag: String, code: String) {
        #expect(irc("x <\(tag)>styled</\(tag)> y") == "x \(code)styled\(code) y")
    }

    @Test func nestedSameStyleTogglesOnce() {
        #expect(irc("<b>a<strong>b</strong>c</b>") == "\(bold)abc\(bold)")
    }

    @Test func overlappingStylesEachToggleOnce() {
        #expect(irc("<b>a<i>b</i></b><i>c</i>") == "\(bold)a\(italic)b\(bold)c\(italic)")
    }

    @Test func formattingIsClosedAtTheEndOfEveryLine() {
        #expect(irc("<b>a<br>b</b>") == "\(bold)a\(bold)\n\(bold)b\(bold)")
    }

    @Test func emptyFormattingWritesNoCodes() {
        #expect(irc("a<b></b><i></i> b") == "a b")
    }

    @Test func emojiAndCombiningMarksSurviveInsideFormatting() {
        #expect(irc("<b>e\u{301}😀👩‍👩‍👧</b>") == "\(bold)e\u{301}😀👩‍👩‍👧\(bold)")
    }

    // MARK: Colours

    @Test func colourBecomesTheNearestClassicCodeInTwoDigits() {
        #expect(irc("<font data-mx-color=\"#fe0101\">red</font>") == "\(color)04red\(color)")
    }

    @Test func foregroundAndBackground() {
        #expect(irc("<span data-mx-color=\"#00f\" data-mx-bg-color=\"white\">x</span>") == "\(color)12,00x\(color)")
    }

    @Test func legacyColorAttributeWorksToo() {
        #expect(irc("<font color=\"green\">x</font>") == "\(color)03x\(color)")
    }

    @Test func invalidColourIsIgnored() {
        #expect(irc("<font color=\"nonsense\" data-mx-bg-color=\"#12\">x</font>") == "x")
    }

    @Test func innerColourEndsByRestoringTheOuterOne() {
        #expect(irc("<font color=red>a<font color=blue>b</font>c</font>") == "\(color)04a\(color)12b\(color)04c\(color)")
    }

    @Test func digitRightAfterAColourCodeIsSafeWithTwoDigits() {
        #expect(irc("<font color=red>1</font>") == "\(color)041\(color)")
    }

    @Test func digitAfterAColourResetIsNotReadAsAColour() {
        #expect(irc("<font color=red>x</font>1") == "\(color)04x\(color)\(bold)\(bold)1")
    }

    @Test func commaAfterAForegroundIsNotReadAsABackground() {
        #expect(irc("<font color=red>,5</font>") == "\(color)04\(bold)\(bold),5\(color)")
    }

    @Test func backgroundAloneUsesTheDefaultForeground() {
        #expect(irc("<span data-mx-bg-color=\"#ff0000\">x</span>") == "\(color)99,04x\(color)")
    }

    @Test func droppingTheBackgroundResetsFirst() {
        #expect(irc("<span data-mx-color=red data-mx-bg-color=blue>a</span><span data-mx-color=red>b</span>")
            == "\(color)04,12a\(color)\(color)04b\(color)")
    }

    // MARK: Links and pills

    @Test func linkShowsTextThenURL() {
        #expect(irc("<a href=\"https://example.org\">site</a>") == "site (https://example.org)")
    }

    @Test func linkWhoseTextIsTheURLShowsItOnce() {
        #expect(irc("<a href=\"https://example.org\">https://example.org</a>") == "https://example.org")
    }

    @Test func linkWhoseTextIsTheURLWithoutSchemeShowsTheText() {
        #expect(irc("<a href=\"https://example.org/\">example.org</a>") == "example.org")
    }

    @Test func mailtoLinkWhoseTextIsTheAddressShowsTheAddress() {
        #expect(irc("<a href=\"mailto:bob@example.org\">bob@example.org</a>") == "bob@example.org")
        #expect(irc("<a href=\"mailto:bob@example.org\">Bob</a>") == "Bob (mailto:bob@example.org)")
    }

    @Test func roomLinkWhoseTextIsTheAliasShowsTheAlias() {
        #expect(irc("<a href=\"https://matrix.to/#/%23room%3Aexample.org?via=example.org\">#room:example.org</a>") == "#room:example.org")
    }

    @Test func linkWithoutTextShowsTheURL() {
        #expect(irc("<a href=\"https://example.org\"></a>") == "https://example.org")
    }

    @Test(arguments: ["javascript:alert(1)", "JavaScript:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
                      "data:text/html;base64,PHNjcmlwdD4=", "vbscript:x", "/relative", "file:///etc/passwd"])
    func dangerousOrRelativeLinksKeepOnlyTheirText(_ href: String) {
        #expect(irc("<a href=\"\(href)\">click</a>") == "click")
    }

    @Test func formattingInsideALinkIsKept() {
        #expect(irc("<a href=\"https://example.org\"><b>site</b></a>") == "\(bold)site\(bold) (https://example.org)")
    }

    @Test func spacesInAURLAreEncoded() {
        #expect(irc("<a href=\"https://example.org/a b\">x</a>") == "x (https://example.org/a%20b)")
    }

    @Test func pillBecomesTheNick() {
        let text = irc("<a href=\"https://matrix.to/#/%40bob%3Aexample.org\">Bob</a>: hi") { $0 == "@bob:example.org" ? "bob_irc" : nil }
        #expect(text == "bob_irc: hi")
    }

    @Test func pillWithoutANickShowsTheLinkText() {
        #expect(irc("<a href=\"https://matrix.to/#/@bob:example.org\">Bob</a>: hi") == "Bob: hi")
    }

    @Test func pillNickIsAskedOncePerUser() {
        var asked: [String] = []
        _ = irc("<a href=\"https://matrix.to/#/@bob:x\">a</a><a href=\"matrix:u/bob:x\">b</a><a href=\"https://matrix.to/#/@eve:x\">c</a>") {
            asked.append($0)
            return nil
        }
        #expect(asked == ["@bob:x", "@eve:x"])
    }

    @Test func controlCharactersInAPillNickAreRemoved() {
        #expect(irc("<a href=\"https://matrix.to/#/@bob:x\">b</a>") { _ in "bo\u{1}\u{0}b\r\n" } == "bob")
    }

    // MARK: Replies and spoilers

    @Test func replyFallbackIsRemoved() {
        #expect(irc("<mx-reply><blockquote><a href=\"https://matrix.to/#/!r:x/$e\">In reply to</a> quoted</blockquote></mx-reply>answer") == "answer")
    }

    @Test func spoilerIsMarkedAndHiddenBlackOnBlack() {
        #expect(irc("see <span data-mx-spoiler>the end</span>") == "see [spoiler] \(color)01,01the end\(color)")
    }

    @Test func spoilerReasonIsShown() {
        #expect(irc("<span data-mx-spoiler=\"plot\">x</span>") == "[spoiler: plot] \(color)01,01x\(color)")
    }

    @Test func colourInsideASpoilerDoesNotRevealIt() {
        #expect(irc("<span data-mx-spoiler><font color=red>x</font></span>") == "[spoiler] \(color)01,01x\(color)")
    }

    // MARK: Blocks and lines

    @Test func paragraphsAndDivsAreLines() {
        #expect(irc("<p>one</p><p>two</p><div>three</div>four") == "one\ntwo\nthree\nfour")
    }

    @Test func newlinesBetweenTagsAreOnlyWhitespace() {
        #expect(irc("<p>one\ntwo</p>\n<p>  three   four </p>\n") == "one two\nthree four")
    }

    @Test func twoBreaksLeaveOneBlankLine() {
        #expect(irc("a<br><br><br><br>b") == "a\n\nb")
    }

    @Test func noLeadingOrTrailingBlankLines() {
        #expect(irc("<br><br><p></p>a<br><br><p> </p>") == "a")
    }

    @Test func unorderedListItemsGetBullets() {
        #expect(irc("<ul>\n<li>a</li>\n<li>b</li>\n</ul>") == "• a\n• b")
    }

    @Test func orderedListCountsFromStart() {
        #expect(irc("<ol start=\"3\"><li>c</li><li>d</li></ol>") == "3. c\n4. d")
    }

    @Test func orderedListWithABadStartCountsFromOne() {
        #expect(irc("<ol start=\"99999999999999999999999\"><li>a</li></ol><ol start=x><li>b</li></ol>") == "1. a\n1. b")
    }

    @Test func nestedListsAreIndented() {
        #expect(irc("<ul><li>a<ul><li>b</li></ul></li><li>c</li></ul>") == "• a\n  • b\n• c")
    }

    @Test func blockquoteLinesArePrefixed() {
        #expect(irc("<blockquote>q1<br>q2<blockquote>inner</blockquote></blockquote>after") == "> q1\n> q2\n> > inner\nafter")
    }

    @Test func headingsAreBoldLines() {
        #expect(irc("intro<h1>Title</h1>text") == "intro\n\(bold)Title\(bold)\ntext")
    }

    @Test func horizontalRuleIsDashes() {
        #expect(irc("a<hr>b") == "a\n----\nb")
    }

    @Test func imageShowsItsAltText() {
        #expect(irc("<img src=\"mxc://x/y\" alt=\":party:\"> <img src=\"mxc://x/z\">") == ":party: image")
    }

    @Test func preformattedLinesStayAsTheyAreInMonospace() {
        #expect(irc("<pre><code class=\"language-swift\">\nlet x = 1\n  if  y {\n</code></pre>")
            == "\(mono)let x = 1\(mono)\n\(mono)  if  y {\(mono)")
    }

    @Test func tableCellsAreSeparated() {
        #expect(irc("<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>") == "a | b\n1 | 2")
    }

    // MARK: Hostile input

    @Test(arguments: ["<", "<b", "</b></i>", "<b><i>x</b>y</i>", "<!-- x", "<script>alert(1)</script>y", "<style>alert{}</style>",
                      "&#99999999;&#xD800;&bogus;&#0;&#1;&#13;", "<a href=>x</a>", "<a href=javascript:alert(1)>x</a>",
                      "<font data-mx-color=#f00>x", "<img src=x>", "<p>\r\n\0\u{1}x\r</p>", "<ol start=-9223372036854775808><li>x</ol>",
                      String(repeating: "<b>", count: 100_000) + "deep", String(repeating: "<ul><li>", count: 10_000) + "x",
                      String(repeating: "<blockquote>", count: 10_000) + "x", String(repeating: "<font color=red>", count: 10_000) + "x"])
    func hostileHTMLNeverCrashesNorYieldsForbiddenCharacters(_ html: String) {
        let text = irc(html, body: "fallback")
        #expect(!text.unicodeScalars.contains { $0 == "\r" || $0 == "\0" || $0 == "\u{1}" })
        #expect(!text.contains("alert"))
    }

    @Test func hundredThousandNestedBoldTogglesOnce() {
        #expect(irc(String(repeating: "<b>", count: 100_000) + "deep" + String(repeating: "</b>", count: 100_000)) == "\(bold)deep\(bold)")
    }

    @Test func controlCodesInTheHTMLTextAreRemoved() {
        #expect(irc("<b>a\u{3}4\u{2}b\u{F}</b>") == "\(bold)a4b\(bold)")
    }

    /// A quadratic slip would take hours on this input; the time limit turns it into a failure.
    @Test(.timeLimit(.minutes(2))) func aMegabyteOfHTMLConvertsInLinearTime() {
        let html = String(repeating: "<p><b>word</b> <i>more</i> &amp; <a href=\"https://example.org\">text</a></p>", count: 15_000)
        let text = irc(html)
        #expect(text.hasPrefix("\(bold)word\(bold) \(italic)more\(italic) & text (https://example.org)\n"))
    }

    /// A quadratic slip would take hours on this input; the time limit turns it into a failure.
    @Test(.timeLimit(.minutes(2))) func aMegabyteBodyConvertsInLinearTime() {
        let body = String(repeating: "line of text\r\n\n\n", count: 70_000)
        let text = MatrixToIRC.convert(body: body, html: nil)
        #expect(text.hasPrefix("line of text\n\nline of text\n"))
    }
}

@Suite("IRC ⇄ Matrix round trips")
struct FormattingRoundTripTests {
    private func roundTrip(_ text: String, mention: (String) -> IRCMention? = { _ in nil }, pillNick: (String) -> String? = { _ in nil }) -> String {
        let converted = IRCToMatrix.convert(text, mention: mention)
        return MatrixToIRC.convert(body: converted.body, html: converted.html, pillNick: pillNick)
    }

    @Test(arguments: [
        "\(bold)bold\(bold) \(italic)it\(italic) \(underline)u\(underline) \(strike)s\(strike) \(mono)code\(mono)",
        "\(bold)a\(italic)b\(bold)c\(italic)",
        "\(color)04red\(color) \(color)04,12both\(color)",
        "plain <text> & \"quotes\"",
        "see https://example.org/a?b=1&c=2.",
        "\(bold)e\u{301}😀\(bold)",
    ])
    func ircToMatrixAndBackKeepsTheText(_ text: String) {
        #expect(roundTrip(text) == text)
    }

    @Test func mentionComesBackAsTheNick() {
        let person = IRCMention(nick: "bob", userID: "@bob:example.org", displayName: "Bob Smith")
        let text = roundTrip("bob: hi") { $0 == "bob" ? person : nil } pillNick: { $0 == "@bob:example.org" ? "bob" : nil }
        #expect(text == "bob: hi")
    }

    @Test func everyPaletteColourComesBackAsTheSameOrNearestClassicColour() {
        for code in 0...98 {
            let twoDigits = code < 10 ? "0\(code)" : "\(code)"
            let back = roundTrip("\(color)\(twoDigits)x\(color)")
            let expected = IRCColorPalette.nearestCode(toHex: IRCColorPalette.hex(for: code) ?? "") ?? -1
            #expect(back == "\(color)\(expected < 10 ? "0\(expected)" : "\(expected)")x\(color)", "code \(code)")
            if code < 16 { #expect(expected == code) }
        }
    }

    @Test func spoilerSurvivesBothWays() {
        let html = IRCToMatrix.convert("\(color)01,01secret\(color)").html ?? ""
        #expect(html == "<span data-mx-spoiler=\"\">secret</span>")
        #expect(MatrixToIRC.convert(body: "", html: html) == "[spoiler] \(color)01,01secret\(color)")
    }

    @Test func matrixToIRCAndBackKeepsTheHTML() {
        let html = "<b>bold</b> <i>it</i> <font data-mx-color=\"#ff0000\">red</font> <del>gone</del>"
        #expect(IRCToMatrix.convert(MatrixToIRC.convert(body: "", html: html)).html == html)
    }
}
