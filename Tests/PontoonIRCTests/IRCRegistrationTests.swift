@testable import PontoonIRC
import Testing

/// The handshake against scripted server answers: what ngircd, InspIRCd and an RFC 1459 server say.
@Suite("IRC registration handshake")
struct IRCRegistrationTests {
    private func line(_ text: String) throws -> IRCMessage { try IRCMessage(parsing: text) }

    private func wire(_ messages: [IRCMessage]) throws -> [String] { try messages.map { try $0.wireLine() } }

    @Test func opensWithCapLsThenPassNickUser() throws {
        let registration = IRCRegistration(settings: IRCConnectionSettings(host: "h", serverPassword: "secret", nick: "alice"))
        #expect(try wire(registration.openingLines()) == ["CAP LS 302", "PASS secret", "NICK alice", "USER alice 0 * alice"])
    }

    @Test func requestsOnlyOfferedCapabilitiesAndEndsNegotiation() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(host: "h", nick: "alice"))
        let ls = registration.handle(try line(":srv CAP * LS :multi-prefix server-time unknown-cap"))
        #expect(try wire(ls.reply) == ["CAP REQ :multi-prefix server-time"])
        let ack = registration.handle(try line(":srv CAP alice ACK :multi-prefix server-time"))
        #expect(try wire(ack.reply) == ["CAP END"])
        #expect(registration.enabledCapabilities == ["multi-prefix", "server-time"])
        let welcome = registration.handle(try line(":srv 001 alice :Welcome"))
        #expect(welcome.outcome == .registered(nick: "alice"))
    }

    @Test func multiLineCapListIsCollectedBeforeRequesting() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(host: "h", nick: "alice"))
        #expect(registration.handle(try line(":srv CAP * LS * :message-tags")).reply.isEmpty)
        let last = registration.handle(try line(":srv CAP * LS :echo-message"))
        #expect(try wire(last.reply) == ["CAP REQ :echo-message message-tags"])
    }

    @Test func saslPlainAuthenticatesBeforeCapEnd() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(
            host: "h", nick: "alice", authentication: .saslPlain(account: "alice", password: "pw"), requireSASL: true))
        let ls = registration.handle(try line(":srv CAP * LS :sasl=PLAIN,EXTERNAL"))
        #expect(try wire(ls.reply) == ["CAP REQ sasl"])
        #expect(try wire(registration.handle(try line(":srv CAP * ACK :sasl")).reply) == ["AUTHENTICATE PLAIN"])
        #expect(try wire(registration.handle(try line("AUTHENTICATE +")).reply) == ["AUTHENTICATE YWxpY2UAYWxpY2UAcHc="])
        #expect(registration.handle(try line(":srv 900 alice alice!a@h alice :You are now logged in")).reply.isEmpty)
        #expect(try wire(registration.handle(try line(":srv 903 alice :SASL authentication successful")).reply) == ["CAP END"])
    }

    @Test func aRequiredSaslThatFailsEndsTheLoginWithAReason() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(
            host: "h", nick: "alice", authentication: .saslPlain(account: "alice", password: "bad"), requireSASL: true))
        _ = registration.handle(try line(":srv CAP * LS :sasl"))
        _ = registration.handle(try line(":srv CAP * ACK :sasl"))
        _ = registration.handle(try line("AUTHENTICATE +"))
        let failed = registration.handle(try line(":srv 904 alice :SASL authentication failed"))
        guard case .failed(let reason) = failed.outcome else { Issue.record("not failed: \(failed.outcome)"); return }
        #expect(reason.contains("SASL"))
    }

    @Test func aRequiredSaslOnAServerWithoutItFailsAtOnce() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(
            host: "h", nick: "alice", authentication: .saslPlain(account: "a", password: "b"), requireSASL: true))
        guard case .failed = registration.handle(try line(":irc.pontoon.test CAP * LS :multi-prefix")).outcome else {
            Issue.record("a login that needs SASL went on without it"); return
        }
    }

    @Test func nickInUseTriesAlternativesWithinTheLength() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(host: "h", nick: "alice"))
        let first = registration.handle(try line(":srv 433 * alice :Nickname is already in use"))
        let second = registration.handle(try line(":srv 433 * alice_ :Nickname is already in use"))
        let nicks = try wire(first.reply + second.reply)
        #expect(nicks.count == 2)
        #expect(Set(nicks).count == 2)
        #expect(nicks.allSatisfy { $0.hasPrefix("NICK alice") })
    }

    @Test func anRFC1459ServerWithoutCapRegistersAnyway() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(host: "h", nick: "alice"))
        #expect(registration.handle(try line(":old.server 421 * CAP :Unknown command")).outcome == .pending)
        #expect(registration.handle(try line(":old.server 001 alice :Welcome")).outcome == .registered(nick: "alice"))
    }

    @Test func aWrongServerPasswordIsFatal() throws {
        var registration = IRCRegistration(settings: IRCConnectionSettings(host: "h", serverPassword: "x", nick: "alice"))
        guard case .failed = registration.handle(try line(":srv 464 alice :Password incorrect")).outcome else {
            Issue.record("464 not fatal"); return
        }
    }
}
