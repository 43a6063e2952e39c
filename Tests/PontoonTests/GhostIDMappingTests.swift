import Pontoon
import PontoonMatrix
import Testing

@Suite("Ghost IDs from the username template")
struct GhostIDMappingTests {
    let mapping = try! GhostIDMapping(template: "irc_{{.}}", server: "example.org")

    @Test(arguments: [
        ("alice", "@irc_alice:example.org"),
        ("Alice", "@irc__alice:example.org"),
        ("a_b", "@irc_a__b:example.org"),
        ("[away]|Bob", "@irc_=5baway=5d=7c_bob:example.org"),
        ("+15551234567", "@irc_=2b15551234567:example.org"),
        ("日本", "@irc_=e6=97=a5=e6=9c=ac:example.org"),
    ])
    func remoteIDsBecomeValidGhostIDs(remote: String, expected: String) throws {
        let ghost = try mapping.userID(for: RemoteUserID(remote))
        #expect(ghost.rawValue == expected)
        #expect(ghost.hasStrictLocalpart)
    }

    @Test(arguments: ["alice", "Alice", "a_b", "__", "=", "=41", "nick`^{}|\\", "emoji 🎉 and spaces", "\u{0}nul", ""])
    func escapingRoundTrips(remote: String) throws {
        if remote.isEmpty {
            #expect(throws: InvalidIdentifier.self) { try mapping.userID(for: RemoteUserID(remote)) }
            return
        }
        let ghost = try mapping.userID(for: RemoteUserID(remote))
        #expect(mapping.remoteUserID(for: ghost) == RemoteUserID(remote))
    }

    @Test(arguments: [
        "@alice:example.org",         // not a ghost
        "@irc_alice:other.org",       // other server
        "@irc_:example.org",          // empty remote part
        "@irc_=zz:example.org",       // not hex
        "@irc_=4:example.org",        // truncated escape
        "@irc__:example.org",         // dangling underscore
        "@irc_Alice:example.org",     // uppercase never comes out of escaping
        "@irc_=ff=fe:example.org",    // invalid UTF-8
    ])
    func foreignOrMalformedUsersAreNotGhosts(user: String) throws {
        #expect(mapping.remoteUserID(for: try UserID(validating: user)) == nil)
    }

    @Test func templateMustHaveExactlyOnePlaceholder() {
        #expect(throws: InvalidIdentifier.self) { try GhostIDMapping(template: "irc_", server: "x.org") }
        #expect(throws: InvalidIdentifier.self) { try GhostIDMapping(template: "{{.}}_{{.}}", server: "x.org") }
    }

    @Test func suffixTemplatesWork() throws {
        let suffixed = try GhostIDMapping(template: "{{.}}_tg", server: "example.org")
        let ghost = try suffixed.userID(for: "Bob")
        #expect(ghost.rawValue == "@_bob_tg:example.org")
        #expect(suffixed.remoteUserID(for: ghost) == "Bob")
    }
}
