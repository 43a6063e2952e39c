@testable import PontoonIRC
import Testing

private let alice = IRCMention(nick: "alice", userID: "@alice:example.org", displayName: "Alice")

@Suite("IRC → Matrix formatting")
struct IRCFormattingTests {
    // MARK: Plain text

    @Test func plainTextHasNoHTML() {
        let converted = IRCToMatrix.convert("just <text> & more")
        #expect(converted.body == "just <text> & more")
        #expect(converted.html == nil)
    }

    @Test func bodyHasEveryControlCodeRemoved() {
        let converted = IRCToMatrix.convert("\u{2}a\u{2}\u{1D}b\u{1D}\u{3}4,5c\u{3}\u{4}ff0000d\u{F}\u{16}e\u{16}\u{1}\u{0}\u{7}\r\u{7F}f")
        #expect(converted.body == "abcdef")
    }

    @Test func tabsAndLineFeedsStayInTheBody() {
        #expect(IRCToMatrix.convert("a\tb\nc").body == "a\tb\nc")
    }

    // MARK: Styles

    @Test(arguments: [("\u{2}", "b"), ("\u{1D}", "i"), ("\u{1F}", "u"), ("\u{1E}", "del"), ("\u{11}", "code")])
    func eachStyleCodeBecomesItsTag(code: String, tag: String) {
        let converted = IRCToMatrix.convert("x \(code)styled\(code) y")
        #expect(converted.body == "x styled y")
        #expect(converted.html == "x <\(tag)>styled</\(tag)> y")
    }

    @Test func textInsideFormattingIsEscaped() {
        #expect(IRCToMatrix.convert("\u{2}<b>&\"'\u{2}").html == "<b>&lt;b&gt;&amp;&quot;&#39;</b>")
    }

    @Test func styleLastsToTheEndWhenNeverToggledOff() {
        #expect(IRCToMatrix.convert("a\u{2}b").html == "a<b>b</b>")
    }

    @Test func overlappingTogglesCloseAndReopen() {
        #expect(IRCToMatrix.convert("\u{2}a\u{1D}b\u{2}c\u{1D}").html == "<b>a<i>b</i></b><i>c</i>")
    }

    @Test func aTagStillWantedStaysOpen() {
        #expect(IRCToMatrix.convert("\u{1D}a\u{2}b\u{2}c").html == "<i>a<b>b</b>c</i>")
    }

    @Test func resetEndsEverything() {
        #expect(IRCToMatrix.convert("\u{2}\u{1D}\u{3}4a\u{F}b").html == "<b><i><font data-mx-color=\"#ff0000\">a</font></i></b>b")
    }

    @Test func togglesWithNoTextBetweenLeaveNoTags() {
        let converted = IRCToMatrix.convert("a\u{2}\u{2}\u{1D}\u{F}b")
        #expect(converted.body == "ab")
        #expect(converted.html == nil)
    }

    @Test func lineFeedBecomesABreakInFormattedText() {
        #expect(IRCToMatrix.convert("\u{2}a\nb\u{2}").html == "<b>a<br>b</b>")
    }

    // MARK: Colours

    @Test func paletteColourBecomesFont() {
        #expect(IRCToMatrix.convert("\u{3}4red\u{3} x").html == "<font data-mx-color=\"#ff0000\">red</font> x")
    }

    @Test func foregroundAndBackground() {
        #expect(IRCToMatrix.convert("\u{3}04,12both").html == "<font data-mx-color=\"#ff0000\" data-mx-bg-color=\"#0000fc\">both</font>")
    }

    @Test func colourTakesAtMostTwoDigits() {
        let converted = IRCToMatrix.convert("\u{3}123")
        #expect(converted.body == "3")
        #expect(converted.html == "<font data-mx-color=\"#0000fc\">3</font>")
    }

    @Test func newForegroundKeepsTheBackground() {
        #expect(IRCToMatrix.convert("\u{3}1,2a\u{3}3b").html
            == "<font data-mx-color=\"#000000\" data-mx-bg-color=\"#00007f\">a</font><font data-mx-color=\"#009300\" data-mx-bg-color=\"#00007f\">b</font>")
    }

    @Test func bareColourCodeResetsBothColours() {
        #expect(IRCToMatrix.convert("\u{3}4,5a\u{3}b").html == "<font data-mx-color=\"#ff0000\" data-mx-bg-color=\"#7f0000\">a</font>b")
    }

    @Test func colourCodeAtTheEndOfTextIsHarmless() {
        let converted = IRCToMatrix.convert("text\u{3}")
        #expect(converted.body == "text")
        #expect(converted.html == nil)
    }

    @Test func ninetyNineIsTheDefaultColour() {
        #expect(IRCToMatrix.convert("\u{3}99,99default").html == nil)
        #expect(IRCToMatrix.convert("\u{3}4,99x").html == "<font data-mx-color=\"#ff0000\">x</font>")
    }

    @Test func extendedPaletteColours() {
        #expect(IRCToMatrix.convert("\u{3}16x").html == "<font data-mx-color=\"#470000\">x</font>")
        #expect(IRCToMatrix.convert("\u{3}98x").html == "<font data-mx-color=\"#ffffff\">x</font>")
    }

    @Test func commaWithoutBackgroundDigitsIsText() {
        let converted = IRCToMatrix.convert("\u{3}4,x")
        #expect(converted.body == ",x")
        #expect(converted.html == "<font data-mx-color=\"#ff0000\">,x</font>")
    }

    @Test func commaWithoutForegroundIsText() {
        let converted = IRCToMatrix.convert("\u{3},5x")
        #expect(converted.body == ",5x")
        #expect(converted.html == nil)
    }

    @Test func hexColourCode() {
        #expect(IRCToMatrix.convert("\u{4}FF8800,000000hex").html == "<font data-mx-color=\"#ff8800\" data-mx-bg-color=\"#000000\">hex</font>")
    }

    @Test(arguments: ["\u{4}zzzzzzx", "\u{4}12345", "\u{4}", "\u{4}ff00"])
    func hexColourCodeWithBadHexResetsAndKeepsTheText(_ text: String) {
        let converted = IRCToMatrix.convert("\u{3}4" + text)
        #expect(converted.html == nil || converted.html?.contains("font") == false)
        #expect(converted.body == String(text.dropFirst()))
    }

    @Test func reverseSwapsTheColours() {
        #expect(IRCToMatrix.convert("\u{3}4,12\u{16}rev").html == "<font data-mx-color=\"#0000fc\" data-mx-bg-color=\"#ff0000\">rev</font>")
    }

    @Test func reverseWithoutColoursKeepsJustTheText() {
        let converted = IRCToMatrix.convert("\u{16}rev\u{16}")
        #expect(converted.body == "rev")
        #expect(converted.html == nil)
    }

    @Test func reverseWithOnlyAForegroundShowsItAsBackground() {
        #expect(IRCToMatrix.convert("\u{3}4\u{16}x").html == "<font data-mx-bg-color=\"#ff0000\">x</font>")
    }

    @Test func textInItsOwnBackgroundColourIsASpoiler() {
        #expect(IRCToMatrix.convert("\u{3}1,1secret\u{3}").html == "<span data-mx-spoiler=\"\">secret</span>")
        #expect(IRCToMatrix.convert("\u{3}1,88secret").html == "<span data-mx-spoiler=\"\">secret</span>")
    }

    // MARK: Links

    @Test func urlsBecomeLinksWithoutTrailingPunctuation() {
        let converted = IRCToMatrix.convert("see https://example.org/a?b=1&c=2.")
        #expect(converted.body == "see https://example.org/a?b=1&c=2.")
        #expect(converted.html == "see <a href=\"https://example.org/a?b=1&amp;c=2\">https://example.org/a?b=1&amp;c=2</a>.")
    }

    @Test func balancedParenthesesStayInTheURL() {
        #expect(IRCToMatrix.convert("(https://en.wikipedia.org/wiki/Foo_(bar))").html
            == "(<a href=\"https://en.wikipedia.org/wiki/Foo_(bar)\">https://en.wikipedia.org/wiki/Foo_(bar)</a>)")
    }

    @Test func schemeIsCaseInsensitive() {
        #expect(IRCToMatrix.convert("HTTP://example.org").html == "<a href=\"HTTP://example.org\">HTTP://example.org</a>")
    }

    @Test(arguments: ["javascript:alert(1)", "ftp://example.org", "data:text/html,<b>x</b>", "xhttp://example.org", "http://", "https://.", "mailto:a@b.c"])
    func onlyHTTPURLsAreLinked(_ text: String) {
        #expect(IRCToMatrix.convert(text).html == nil)
    }

    @Test func urlEndsAtCharactersURLsCannotHold() {
        #expect(IRCToMatrix.convert("https://a.org/x<script>").html == "<a href=\"https://a.org/x\">https://a.org/x</a>&lt;script&gt;")
        #expect(IRCToMatrix.convert("https://a.org/\"onmouseover=x").html == "<a href=\"https://a.org/\">https://a.org/</a>&quot;onmouseover=x")
    }

    @Test func linkInsideFormattingNests() {
        #expect(IRCToMatrix.convert("\u{2}https://a.org\u{2}").html == "<b><a href=\"https://a.org\">https://a.org</a></b>")
    }

    @Test func twoURLsInOneWord() {
        #expect(IRCToMatrix.convert("https://a.org,https://b.org").html
            == "<a href=\"https://a.org,https://b.org\">https://a.org,https://b.org</a>")
        #expect(IRCToMatrix.convert("<https://a.org><https://b.org>").html
            == "&lt;<a href=\"https://a.org\">https://a.org</a>&gt;&lt;<a href=\"https://b.org\">https://b.org</a>&gt;")
    }

    // MARK: Mentions

    @Test func mentionBecomesAPillAndTheBodyKeepsTheNick() {
        let converted = IRCToMatrix.convert("alice: hi") { $0 == "alice" ? alice : nil }
        #expect(converted.body == "alice: hi")
        #expect(converted.html == "<a href=\"https://matrix.to/#/@alice:example.org\">Alice</a>: hi")
    }

    @Test func mentionIsAskedOnlyForNickShapedWords() {
        var asked: [String] = []
        _ = IRCToMatrix.convert("bob: hi, 9lives -dash [m]{x}| a.b x@y https://a.org Zoë! c3po") { word in
            asked.append(word)
            return nil
        }
        #expect(asked == ["bob", "hi", "[m]{x}|", "Zoë", "c3po"])
    }

    @Test func unknownNickLeavesNoHTML() {
        #expect(IRCToMatrix.convert("bob: hi") { _ in nil }.html == nil)
    }

    @Test func pillTextIsEscaped() {
        let person = IRCMention(nick: "eve", userID: "@eve:example.org", displayName: "<img src=x>")
        #expect(IRCToMatrix.convert("eve") { _ in person }.html == "<a href=\"https://matrix.to/#/@eve:example.org\">&lt;img src=x&gt;</a>")
    }

    @Test func pillWithAnEmptyDisplayNameShowsTheNick() {
        let person = IRCMention(nick: "eve", userID: "@eve:example.org", displayName: "")
        #expect(IRCToMatrix.convert("eve") { _ in person }.html == "<a href=\"https://matrix.to/#/@eve:example.org\">eve</a>")
    }

    @Test func mentionInsideFormatting() {
        #expect(IRCToMatrix.convert("\u{2}alice\u{2}") { _ in alice }.html == "<b><a href=\"https://matrix.to/#/@alice:example.org\">Alice</a></b>")
    }

    // MARK: Unicode and hostile input

    @Test func emojiAndCombiningMarksSurviveInsideFormatting() {
        let converted = IRCToMatrix.convert("\u{2}e\u{301}😀👩‍👩‍👧\u{2}")
        #expect(converted.body == "e\u{301}😀👩‍👩‍👧")
        #expect(converted.html == "<b>e\u{301}😀👩‍👩‍👧</b>")
    }

    @Test func tenThousandControlCodesInARow() {
        let even = IRCToMatrix.convert(String(repeating: "\u{2}", count: 10_000) + "x")
        #expect(even.body == "x")
        #expect(even.html == nil)
        let odd = IRCToMatrix.convert(String(repeating: "\u{2}", count: 10_001) + "x")
        #expect(odd.html == "<b>x</b>")
    }

    @Test func tenThousandStyleChangesStayWellFormed() {
        let html = IRCToMatrix.convert(String(repeating: "\u{2}a\u{3}4,5b\u{1D}c", count: 10_000)).html ?? ""
        #expect(html.ranges(of: "<b>").count == html.ranges(of: "</b>").count)
        #expect(html.ranges(of: "<font").count == html.ranges(of: "</font>").count)
        #expect(html.ranges(of: "<i>").count == html.ranges(of: "</i>").count)
    }

    @Test(arguments: ["\u{3}", "\u{3},", "\u{3}1,", "\u{3}99,99", "\u{3}999", "\u{4}", "\u{4}zzzzzz", "\u{4}12345,", "x\u{16}", "\u{F}\u{F}",
                      "\u{3}04,12\u{4}000000,ffffff😀\u{301}", "\u{1}ACTION x\u{1}", String(repeating: "\u{3}", count: 10_000)])
    func hostileCodesLeaveNoControlCodesInTheBody(_ text: String) {
        let converted = IRCToMatrix.convert(text)
        #expect(!converted.body.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    /// A quadratic slip would take hours on this input; the time limit turns it into a failure.
    @Test(.timeLimit(.minutes(2))) func aMegabyteOfTextConvertsInLinearTime() {
        let text = String(repeating: "\u{2}bold\u{2} word alice: https://example.org/x \u{3}4red\u{3} ", count: 25_000)
        let converted: (body: String, html: String?) = IRCToMatrix.convert(text) { $0 == "alice" ? alice : nil }
        #expect(converted.body.count > 1_000_000)
    }

    /// A quadratic slip would take hours on this input; the time limit turns it into a failure.
    @Test(.timeLimit(.minutes(2))) func aMegabyteLongWordConvertsInLinearTime() {
        _ = IRCToMatrix.convert(String(repeating: "http://.", count: 125_000))
        _ = IRCToMatrix.convert("https://a.org/" + String(repeating: ")", count: 1_000_000))
    }
}

@Suite("mIRC colour palette")
struct IRCColorPaletteTests {
    @Test func classicColours() {
        #expect(IRCColorPalette.hex(for: 0) == "#ffffff")
        #expect(IRCColorPalette.hex(for: 2) == "#00007f")
        #expect(IRCColorPalette.hex(for: 4) == "#ff0000")
        #expect(IRCColorPalette.hex(for: 12) == "#0000fc")
        #expect(IRCColorPalette.hex(for: 15) == "#d2d2d2")
    }

    @Test func extendedColours() {
        #expect(IRCColorPalette.hex(for: 16) == "#470000")
        #expect(IRCColorPalette.hex(for: 52) == "#ff0000")
        #expect(IRCColorPalette.hex(for: 87) == "#ff94d3")
        #expect(IRCColorPalette.hex(for: 88) == "#000000")
        #expect(IRCColorPalette.hex(for: 98) == "#ffffff")
    }

    @Test(arguments: [-1, 99, 100, Int.max, Int.min])
    func noValueOutsideZeroToNinetyEight(_ code: Int) {
        #expect(IRCColorPalette.hex(for: code) == nil)
    }

    @Test func everyValueIsLowercaseHashAndSixHexDigits() {
        for code in 0...98 {
            let hex = IRCColorPalette.hex(for: code) ?? ""
            #expect(hex.count == 7 && hex.first == "#" && hex.dropFirst().allSatisfy { $0.isHexDigit && !$0.isUppercase }, "code \(code)")
        }
    }

    @Test func classicColourKeepsItsCode() {
        for code in 0..<16 {
            #expect(IRCColorPalette.nearestCode(toHex: IRCColorPalette.hex(for: code) ?? "") == code)
        }
    }

    @Test func otherColoursMapToTheNearestClassicColour() {
        #expect(IRCColorPalette.nearestCode(toHex: "#fe0101") == 4)
        #expect(IRCColorPalette.nearestCode(toHex: "#0000ff") == 12)
        #expect(IRCColorPalette.nearestCode(toHex: "#000080") == 2)
        #expect(IRCColorPalette.nearestCode(toHex: "#ffa500") == 7)
        #expect(IRCColorPalette.nearestCode(toHex: "#101010") == 1)
    }

    @Test func extendedColoursMapToClassicOnes() {
        #expect(IRCColorPalette.nearestCode(toHex: "#470000") == 5)
        #expect(IRCColorPalette.nearestCode(toHex: "#00ff00") == 9)
        #expect(IRCColorPalette.nearestCode(toHex: "#e2e2e2") == 15)
    }

    @Test func shortHexAndMissingHash() {
        #expect(IRCColorPalette.nearestCode(toHex: "#f00") == 4)
        #expect(IRCColorPalette.nearestCode(toHex: " ff0000 ") == 4)
    }

    @Test func namesMeanTheirIRCColour() {
        #expect(IRCColorPalette.nearestCode(toHex: "red") == 4)
        #expect(IRCColorPalette.nearestCode(toHex: "Blue") == 12)
        #expect(IRCColorPalette.nearestCode(toHex: "navy") == 2)
        #expect(IRCColorPalette.nearestCode(toHex: "pink") == 13)
    }

    @Test(arguments: ["", "#", "#12", "#1234", "#ggg", "nonsense", "bad", "#ff00000", "rgb(1,2,3)", "#ｆｆ0000"])
    func invalidColoursHaveNoCode(_ text: String) {
        #expect(IRCColorPalette.nearestCode(toHex: text) == nil)
    }
}
