import Foundation
@testable import Pontoon
import Testing

@Suite("Hostile config files fail fast and cleanly")
struct ConfigHostileInputTests {
    static let billionLaughs = """
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]

    """

    func expectQuickSyntaxError(_ text: String, mentioning phrase: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let started = ContinuousClock.now
        let error = ConfigFixtures.error(loading: text)
        #expect(ContinuousClock.now - started < .seconds(5), sourceLocation: sourceLocation)
        guard case .syntax(_, _, _, let problem)? = error else {
            Issue.record("expected a syntax error, got \(String(describing: error))", sourceLocation: sourceLocation)
            return
        }
        #expect(problem.contains(phrase), "\(problem)", sourceLocation: sourceLocation)
    }

    @Test func billionLaughsIsRefusedBeforeExpanding() {
        expectQuickSyntaxError(Self.billionLaughs, mentioning: "expands to more than")
    }

    @Test func billionLaughsInAMappingKeyIsRefusedBeforeExpanding() {
        // Yams hashes mapping keys while parsing, which would walk the whole expansion.
        let text = Self.billionLaughs + "j:\n  ? *i\n  : 1\n  ? [*i]\n  : 2\n"
        expectQuickSyntaxError(text, mentioning: "expands to more than")
    }

    @Test func megabyteOfNestedListsIsRefusedByDepth() {
        let text = "network: " + String(repeating: "[", count: 1_000_000 - 9)
        expectQuickSyntaxError(text, mentioning: "nested more than 1000 levels")
    }

    @Test func megabyteOfNestedBlockListsIsRefusedByDepth() {
        let text = "network:\n" + String(repeating: "- ", count: 400_000) + "x\n"
        expectQuickSyntaxError(text, mentioning: "nested more than 1000 levels")
    }

    @Test func nestingJustUnderTheLimitLoadsWithoutExhaustingTheStack() throws {
        let depth = 990
        let text = ConfigFixtures.minimal + "network: " + String(repeating: "[", count: depth) + String(repeating: "]", count: depth) + "\n"
        let network = try ConfigFixtures.load(text).config.network
        var value = network
        var levels = 0
        while case .array(let items) = value, let first = items.first {
            value = first
            levels += 1
        }
        #expect(levels == depth - 1)
    }

    @Test func fileOverTheSizeLimitIsRefusedUnread() {
        let text = ConfigFixtures.minimal + "# " + String(repeating: "x", count: ConfigLoader.maxFileSize) + "\n"
        #expect(ConfigFixtures.error(loading: text) == .tooLarge(path: "config.yaml", limit: ConfigLoader.maxFileSize))
    }

    @Test func binaryGarbageIsNotText() {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<4096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[0] = 0xFF  // never valid UTF-8
        let error = Result { try ConfigLoader.parse(data: Data(bytes), path: "config.yaml", network: TestNetwork()) }
        #expect(throws: ConfigError.notText(path: "config.yaml")) { try error.get() }
    }

    @Test func controlCharactersAreASyntaxError() {
        guard case .syntax? = ConfigFixtures.error(loading: "homeserver:\n  domain: a\u{0}b\n") else {
            Issue.record("expected a syntax error")
            return
        }
    }

    @Test(arguments: ["", "\n\n", "# only a comment\n", "~\n", "---\n"])
    func emptyFileSaysSo(text: String) {
        #expect(ConfigFixtures.error(loading: text) == .empty(path: "config.yaml"))
    }

    @Test(arguments: ["- a\n- b\n", "just a string\n", "42\n"])
    func topLevelMustBeAMapping(text: String) {
        #expect(ConfigFixtures.error(loading: text)?.problems.map(\.key) == ["(top level)"])
    }

    @Test func duplicateKeysAreASyntaxErrorNamingTheKey() {
        let text = ConfigFixtures.minimal + "homeserver:\n  domain: other.org\n"
        guard case .syntax(_, let line, _, let problem)? = ConfigFixtures.error(loading: text) else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(problem.contains("duplicate key homeserver"))
        #expect(line != nil)
    }

    @Test func multipleDocumentsAreRefused() {
        let error = ConfigFixtures.error(loading: ConfigFixtures.minimal + "---\nother: 1\n")
        #expect(error != nil)
    }

    @Test func undefinedAliasIsASyntaxError() {
        guard case .syntax(_, let line, _, _)? = ConfigFixtures.error(loading: ConfigFixtures.minimal + "network: *nothing\n") else {
            Issue.record("expected a syntax error")
            return
        }
        #expect(line == 8)
    }
}
