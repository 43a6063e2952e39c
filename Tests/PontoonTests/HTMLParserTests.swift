@testable import Pontoon
import Testing

private func element(_ name: String, _ attributes: [String: String] = [:], _ children: HTMLNode...) -> HTMLNode {
    .element(name: name, attributes: attributes, children: children)
}

/// How many elements deep a tree goes.
private func depth(_ nodes: [HTMLNode]) -> Int {
    var deepest = 0
    var pending = nodes.map { ($0, 1) }
    while let (node, level) = pending.popLast() {
        guard case .element(_, _, let children) = node else { continue }
        deepest = max(deepest, level)
        pending += children.map { ($0, level + 1) }
    }
    return deepest
}

@Suite("Tolerant HTML parser")
struct HTMLParserTests {
    // MARK: Well-formed input

    @Test func parsesNestedElementsAndText() {
        #expect(HTMLParser.parse("a <b>bold <i>both</i></b> c") == [
            .text("a "), element("b", [:], .text("bold "), element("i", [:], .text("both"))), .text(" c"),
        ])
    }

    @Test func lowercasesTagAndAttributeNames() {
        #expect(HTMLParser.parse("<FONT Data-MX-Color=\"#FF0000\">x</FoNt>") == [element("font", ["data-mx-color": "#FF0000"], .text("x"))])
    }

    @Test func readsDoubleQuotedSingleQuotedUnquotedAndBareAttributes() {
        #expect(HTMLParser.parse("<a href=\"x y\" title='it\"s' data-a=plain data-mx-spoiler>t</a>") == [
            element("a", ["href": "x y", "title": "it\"s", "data-a": "plain", "data-mx-spoiler": ""], .text("t")),
        ])
    }

    @Test func decodesEntitiesInTextAndAttributeValues() {
        #expect(HTMLParser.parse("<a href=\"?a=1&amp;b=2\">1 &lt; 2 &amp;&amp; caf&eacute;</a>") == [
            element("a", ["href": "?a=1&b=2"], .text("1 < 2 && café")),
        ])
    }

    @Test func voidElementsHaveNoChildrenWithOrWithoutSlash() {
        #expect(HTMLParser.parse("a<br>b<br/>c<hr><img src=\"mxc://x/y\" alt=\"pic\">d") == [
            .text("a"), element("br"), .text("b"), element("br"), .text("c"), element("hr"),
            element("img", ["src": "mxc://x/y", "alt": "pic"]), .text("d"),
        ])
    }

    @Test func selfClosingNonVoidElementIsEmpty() {
        #expect(HTMLParser.parse("<span/>x") == [element("span"), .text("x")])
    }

    @Test func strayBrCloseTagIsALineBreak() {
        #expect(HTMLParser.parse("a</br>b") == [.text("a"), element("br"), .text("b")])
    }

    @Test func keepsMatrixReplyAsAnElement() {
        #expect(HTMLParser.parse("<mx-reply><blockquote>q</blockquote></mx-reply>r") == [
            element("mx-reply", [:], element("blockquote", [:], .text("q"))), .text("r"),
        ])
    }

    @Test func keepsNewlinesInText() {
        #expect(HTMLParser.parse("<pre>a\n  b</pre>") == [element("pre", [:], .text("a\n  b"))])
    }

    // MARK: Broken markup

    @Test func unclosedTagsCloseAtTheEnd() {
        #expect(HTMLParser.parse("<b>x<i>y") == [element("b", [:], .text("x"), element("i", [:], .text("y")))])
    }

    @Test func strayCloseTagsAreIgnored() {
        #expect(HTMLParser.parse("</b>x</i>y</p>") == [.text("xy")])
    }

    @Test func misnestedCloseTagClosesEverythingOpenedInside() {
        #expect(HTMLParser.parse("<b><i>x</b>y</i>") == [element("b", [:], element("i", [:], .text("x"))), .text("y")])
    }

    @Test func newListItemEndsThePreviousOne() {
        #expect(HTMLParser.parse("<ul><li>a<li>b</ul>") == [element("ul", [:], element("li", [:], .text("a")), element("li", [:], .text("b")))])
    }

    @Test func listItemInANestedListDoesNotEndTheOuterItem() {
        #expect(HTMLParser.parse("<ul><li>a<ul><li>b<li>c</ul></ul>") == [
            element("ul", [:], element("li", [:], .text("a"), element("ul", [:], element("li", [:], .text("b")), element("li", [:], .text("c"))))),
        ])
    }

    @Test func blockStartEndsAnOpenParagraph() {
        #expect(HTMLParser.parse("<p>one<p>two<div>three</div>") == [
            element("p", [:], .text("one")), element("p", [:], .text("two")), element("div", [:], .text("three")),
        ])
    }

    @Test func newTableCellEndsThePreviousOne() {
        #expect(HTMLParser.parse("<table><tr><td>a<td>b<tr><td>c</table>") == [
            element("table", [:],
                    element("tr", [:], element("td", [:], .text("a")), element("td", [:], .text("b"))),
                    element("tr", [:], element("td", [:], .text("c")))),
        ])
    }

    @Test func lessThanThatStartsNoTagIsText() {
        #expect(HTMLParser.parse("1 < 2 <3 <") == [.text("1 < 2 <3 <")])
        #expect(HTMLParser.parse("<") == [.text("<")])
    }

    @Test func tagCutOffByTheEndOfInputIsDropped() {
        #expect(HTMLParser.parse("a<b") == [.text("a")])
        #expect(HTMLParser.parse("a<a href=\"x>never closed") == [.text("a")])
    }

    @Test func emptyCloseTagAndBogusCloseTagAreDropped() {
        #expect(HTMLParser.parse("a</>b</3 c>d") == [.text("abd")])
    }

    @Test func unquotedAttributeValueEndsAtWhitespaceOrGreaterThan() {
        #expect(HTMLParser.parse("<font color=#f00 data-x=1>x</font>") == [element("font", ["color": "#f00", "data-x": "1"], .text("x"))])
    }

    @Test func firstOfDuplicateAttributesWins() {
        #expect(HTMLParser.parse("<a href=\"first\" HREF=\"second\">x</a>") == [element("a", ["href": "first"], .text("x"))])
    }

    @Test func attributesPastTheLimitAreIgnored() {
        let attributes = (0..<1_000).map { " a\($0)=\"v\"" }.joined()
        guard case .element(_, let parsed, _)? = HTMLParser.parse("<b\(attributes)>x</b>").first else {
            Issue.record("no element")
            return
        }
        #expect(parsed.count == 64)
    }

    // MARK: Things that are not content

    @Test func commentsAreDropped() {
        #expect(HTMLParser.parse("a<!-- hidden <b>x</b> -->b<!---->c<!-->d") == [.text("abcd")])
    }

    @Test func unclosedCommentHidesTheRest() {
        #expect(HTMLParser.parse("a<!-- never closed <b>x</b>") == [.text("a")])
    }

    @Test func doctypeAndProcessingInstructionsAreDropped() {
        #expect(HTMLParser.parse("<!DOCTYPE html><?xml version=\"1.0\"?>x") == [.text("x")])
    }

    @Test func scriptAndStyleContentIsDroppedEntirely() {
        #expect(HTMLParser.parse("a<script>alert('<b>x</b>')</script>b<STYLE>b{color:red}</sTyLe >c") == [.text("abc")])
    }

    @Test func scriptWithoutEndTagHidesTheRest() {
        #expect(HTMLParser.parse("a<script>alert(1)") == [.text("a")])
    }

    @Test func scriptEndNeedsTheWholeName() {
        #expect(HTMLParser.parse("<script>x</scripty>y</script>z") == [.text("z")])
    }

    // MARK: Hostile input

    @Test func deepNestingIsFlattenedKeepingTheText() {
        let html = String(repeating: "<b>", count: 100_000) + "deep" + String(repeating: "</b>", count: 100_000) + "after"
        let nodes = HTMLParser.parse(html, maxDepth: 8)
        #expect(depth(nodes) == 8)
        #expect(nodes.map(\.textContent).joined() == "deepafter")
    }

    @Test func defaultDepthLimitIs64() {
        let nodes = HTMLParser.parse(String(repeating: "<i>", count: 1_000) + "x")
        #expect(depth(nodes) == 64)
    }

    @Test func closeTagAfterTheFlattenedPartClosesTheRealElement() {
        let nodes = HTMLParser.parse("<u><b><b><b>x</u>y", maxDepth: 2)
        #expect(nodes == [element("u", [:], element("b", [:], .text("x"))), .text("y")])
    }

    @Test func zeroDepthKeepsOnlyText() {
        #expect(HTMLParser.parse("<p>a<br>b</p>", maxDepth: 0) == [.text("ab")])
    }

    /// A quadratic slip would take hours on this input; the time limit turns it into a failure.
    @Test(.timeLimit(.minutes(2))) func manyStrayCloseTagsAfterDeepNestingStayFast() {
        let html = String(repeating: "<b>", count: 100_000) + String(repeating: "</i>", count: 100_000)
        _ = HTMLParser.parse(html)
    }

    /// A quadratic slip would take hours on this input; the time limit turns it into a failure.
    @Test(.timeLimit(.minutes(2))) func aMegabyteOfMarkupParsesInLinearTime() {
        let chunk = "<p><b>word</b> <i>more</i> &amp; <a href=\"https://example.org/?a=1&amp;b=2\">link</a> 1 < 2</p>"
        let html = String(repeating: chunk, count: 1_000_000 / chunk.utf8.count + 1)
        let nodes: [HTMLNode] = HTMLParser.parse(html)
        #expect(nodes.count == 1_000_000 / chunk.utf8.count + 1)
    }

    @Test func aMegabyteOfLessThanSignsIsOneTextNode() {
        let html = String(repeating: "< ", count: 500_000)
        #expect(HTMLParser.parse(html) == [.text(html)])
    }

    @Test func aMegabyteOfUnclosedTagsIsFlattened() {
        let nodes = HTMLParser.parse(String(repeating: "<span>x", count: 150_000))
        #expect(depth(nodes) == 64)
        #expect(nodes.map(\.textContent).joined().count == 150_000)
    }

    @Test func entityBombsDecodeToReplacementCharacters() {
        #expect(HTMLParser.parse("&#99999999;&#xD800;&#0;&#x110000;&#999999999999999999999999;") == [.text(String(repeating: "\u{FFFD}", count: 5))])
    }

    @Test func neverCrashesOnTruncatedMarkup() {
        let html = "<p class=\"a\" data-x='b'>x<!-- c --><b>&amp;&#x41;</b></p>"
        for end in html.indices {
            _ = HTMLParser.parse(String(html[..<end]))
        }
    }
}

@Suite("HTML entities")
struct HTMLEntitiesTests {
    @Test func decodesTheCommonNames() {
        #expect(HTMLEntities.decode("&amp;&lt;&gt;&quot;&apos;&nbsp;") == "&<>\"'\u{A0}")
    }

    @Test func decodesLatin1AndPunctuationNames() {
        #expect(HTMLEntities.decode("caf&eacute; &Uuml;ber &copy; &mdash; &hellip; &euro;&yuml;") == "café Über © — … €ÿ")
    }

    @Test func decodesDecimalAndHexReferences() {
        #expect(HTMLEntities.decode("&#65;&#x42;&#X43;&#128512;") == "ABC😀")
    }

    @Test func numericReferenceWithoutSemicolonStillDecodes() {
        #expect(HTMLEntities.decode("&#65x") == "Ax")
    }

    @Test func unknownNamesAndLoneAmpersandsStayAsWritten() {
        #expect(HTMLEntities.decode("&unknown; & &amp &#; &#x; &") == "&unknown; & &amp &#; &#x; &")
    }

    @Test func invalidCodePointsBecomeReplacementCharacters() {
        #expect(HTMLEntities.decode("&#0;&#xD800;&#xDFFF;&#x110000;&#99999999;") == String(repeating: "\u{FFFD}", count: 5))
    }

    @Test func controlCharacterReferencesBecomeReplacementCharacters() {
        // An IRC colour or a CTCP marker must not arrive through an entity.
        #expect(HTMLEntities.decode("&#3;&#x01;&#127;") == String(repeating: "\u{FFFD}", count: 3))
        #expect(HTMLEntities.decode("a&#10;b&#9;c") == "a\nb\tc")
    }

    @Test func c1ReferencesReadAsWindows1252() {
        #expect(HTMLEntities.decode("&#150;&#128;&#129;") == "–€\u{FFFD}")
    }

    /// A quadratic slip would take hours on this input; the time limit turns it into a failure.
    @Test(.timeLimit(.minutes(2))) func aMegabyteOfAmpersandsDecodesInLinearTime() {
        let text = String(repeating: "&amp", count: 250_000)
        let decoded = HTMLEntities.decode(text)
        #expect(decoded == text)
    }
}

@Suite("HTML escaping")
struct HTMLEscapingTests {
    @Test func escapesTheFiveSpecialCharacters() {
        #expect(HTMLEscaping.escape("<a href=\"x\">'&'</a>") == "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;")
    }

    @Test func leavesOtherTextAlone() {
        #expect(HTMLEscaping.escape("café 😀 e\u{301}") == "café 😀 e\u{301}")
    }

    @Test func escapedTextParsesBackToTheSameText() {
        let text = "<script>alert('x')</script> & &amp; \"q\""
        #expect(HTMLParser.parse(HTMLEscaping.escape(text)) == [.text(text)])
    }
}

@Suite("Matrix pills")
struct MatrixPillTests {
    @Test func readsAMatrixToUserLink() {
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/@bob:example.org") == "@bob:example.org")
    }

    @Test func percentDecodesAndIgnoresVia() {
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/%40bob%3Aexample.org?via=example.org") == "@bob:example.org")
    }

    @Test func readsAMatrixSchemeUserLink() {
        #expect(MatrixPill.userID(fromHref: "matrix:u/bob:example.org?action=chat") == "@bob:example.org")
    }

    @Test func roomsEventsAndOtherSitesAreNotUsers() {
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/#room:example.org") == nil)
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/!id:example.org/$event") == nil)
        #expect(MatrixPill.userID(fromHref: "matrix:r/room:example.org") == nil)
        #expect(MatrixPill.userID(fromHref: "https://example.org/#/@bob:example.org") == nil)
    }

    @Test func malformedUserLinksAreRejected() {
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/@bob") == nil)
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/@:example.org") == nil)
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/@bob%ZZ:example.org") == nil)
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/@bob%20x:example.org") == nil)
        #expect(MatrixPill.userID(fromHref: "https://matrix.to/#/@" + String(repeating: "a", count: 300) + ":x") == nil)
    }

    @Test func buildsAMatrixToLinkKeepingAtAndColonReadable() {
        #expect(MatrixPill.href(for: "@bob:example.org") == "https://matrix.to/#/@bob:example.org")
        #expect(MatrixPill.href(for: "@b?b#x:example.org") == "https://matrix.to/#/@b%3Fb%23x:example.org")
    }

    @Test(arguments: ["@bob:example.org", "@a/b=c+d:example.org:8448", "@ünï?#&\"<:example.org"])
    func linkRoundTripsToTheSameUser(_ user: String) {
        #expect(MatrixPill.userID(fromHref: MatrixPill.href(for: user)) == user)
    }

    @Test func matrixToTargetNamesRoomsToo() {
        #expect(MatrixPill.matrixToTarget(fromHref: "https://matrix.to/#/%23room%3Aexample.org?via=x") == "#room:example.org")
        #expect(MatrixPill.matrixToTarget(fromHref: "https://example.org") == nil)
    }
}
