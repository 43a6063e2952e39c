import Pontoon
import PontoonMatrix
@testable import PontoonIRC
import Synchronization
import Testing

/// Relayed Matrix users on IRC: `RELAYMSG` under their own name where the server offers
/// `draft/relaymsg` and the relay is a channel operator, else `<name> text` from the relay's nick.
@Suite("Relaying with RELAYMSG")
struct IRCRelayTests {
    @Test(arguments: [
        ("Carol Smith", "/", 30, "CarolSmith/m"), ("", "/", 30, "carol/m"), ("Ünïcödé 😀", "|", 30, "ncd|m"),
        ("a very long display name indeed", "/", 9, "averylo/m"), ("42", "/", 30, "_42/m"),
    ])
    func spoofedNicksAreValidNicksWithTheServersSeparator(_ name: String, _ separator: String, _ length: Int, _ expected: String) throws {
        let profile = RelayedProfile(userID: try UserID(validating: "@carol:example.org"), displayName: name)
        #expect(IRCRelay.spoofedNick(for: profile, separator: Character(separator), maxLength: length) == expected)
    }

    @Test func relayedMessagesUseRelaymsgWhereTheRelayIsAnOperator() async throws {
        let server = try await ScriptedIRCServer.start(respond: Self.answer)
        defer { server.stop() }
        let config = IRCServerConfig(host: "127.0.0.1", port: server.port, flood: FloodPolicy(burst: 50, linesPerSecond: 0))
        let network = IRCNetwork(config: IRCBridgeConfig(servers: ["test": config]))
        let login = StoredLogin(loginID: LoginID("relay-login"), owner: try UserID(validating: "@alice:example.org"),
                                remoteName: "relay", metadata: IRCLoginCredentials(server: "test", nick: "relay").metadata)
        let session = try #require(try await network.makeSession(for: login, events: DiscardingSink()) as? IRCSession)
        try await session.connect()
        #expect(await session.client.waitUntilReady(timeout: .seconds(10)))
        try await session.joinChannel("#ops", key: nil)
        try await session.joinChannel("#open", key: nil)

        let carol = RelayedProfile(userID: try UserID(validating: "@carol:example.org"), displayName: "Carol Smith")
        let relayed = OutgoingSender.relayed(through: login.loginID, profile: carol)
        let hello = OutgoingMessage(kind: .text, text: "hello", eventID: try EventID(validating: "$one"))
        _ = try await session.send(hello, to: Self.portal("#ops"), as: relayed)
        let relaymsg = try await server.waitForLine { $0.hasPrefix("RELAYMSG ") }
        #expect(relaymsg == "RELAYMSG #ops CarolSmith/m hello" || relaymsg == "RELAYMSG #ops CarolSmith/m :hello")
        // In #open the relay is no operator: the server would refuse RELAYMSG, so it is prefixed text.
        _ = try await session.send(hello, to: Self.portal("#open"), as: relayed)
        let privmsg = try await server.waitForLine { $0.hasPrefix("PRIVMSG #open") }
        #expect(privmsg == "PRIVMSG #open :Carol Smith: hello")
        await session.disconnect()
    }

    static func portal(_ channel: String) -> PortalKey {
        PortalKey(chatID: IRCIdentifiers.chat(server: "test", foldedName: channel))
    }

    /// A server offering `draft/relaymsg=/`: the relay is an operator of #ops, a plain member of #open.
    @Sendable static func answer(_ line: String) -> [String] {
        let words = line.split(separator: " ").map(String.init)
        switch words.first {
        case "CAP" where words.count > 1 && words[1] == "LS":
            return [":irc.test CAP * LS :draft/relaymsg=/ message-tags"]
        case "CAP" where words.count > 1 && words[1] == "REQ":
            return [":irc.test CAP * ACK :" + line.split(separator: ":", maxSplits: 1).last.map(String.init)!]
        case "CAP" where words.count > 1 && words[1] == "END":
            return [":irc.test 001 relay :Welcome", ":irc.test 005 relay NICKLEN=30 CHANTYPES=# :are supported",
                    ":irc.test 376 relay :End of MOTD"]
        case "JOIN" where words.count > 1:
            let channel = words[1]
            let names = channel == "#ops" ? "@relay" : "relay"
            return [":relay!r@host JOIN \(channel)", ":irc.test 353 relay = \(channel) :\(names) bob",
                    ":irc.test 366 relay \(channel) :End of NAMES"]
        case "PING" where words.count > 1:
            return [":irc.test PONG irc.test \(words[1])"]
        default:
            return []
        }
    }
}

/// Drops what the session reports: these tests look at the wire only.
struct DiscardingSink: RemoteEventSink {
    func push(_ event: RemoteEvent) {}
}
