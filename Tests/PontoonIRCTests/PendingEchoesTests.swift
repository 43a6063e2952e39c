@testable import PontoonIRC
import Testing

@Suite("Echoes of sent messages")
struct PendingEchoesTests {
    @Test func aLabeledEchoDeliversItsMsgid() async throws {
        var echoes = PendingEchoes()
        let waiter = echoes.expect(.label("pt1"))
        let echo = try IRCMessage(parsing: "@label=pt1;msgid=abc :me!u@h PRIVMSG #c :hi")
        let matched = echoes.resolve(echo, fold: { $0.lowercased() })
        #expect(matched)
        #expect(await waiter.value(timeout: .seconds(1)) == "abc")
    }

    @Test func withoutLabelsEchoesMatchTargetAndTextInOrder() async throws {
        var echoes = PendingEchoes()
        let first = echoes.expect(.content(target: "#c", text: "same"))
        let second = echoes.expect(.content(target: "#c", text: "same"))
        let fold: @Sendable (String) -> String = { $0.lowercased() }
        let firstMatched = echoes.resolve(try IRCMessage(parsing: "@msgid=1 :me PRIVMSG #C :same"), fold: fold)
        let secondMatched = echoes.resolve(try IRCMessage(parsing: "@msgid=2 :me PRIVMSG #c :same"), fold: fold)
        let thirdMatched = echoes.resolve(try IRCMessage(parsing: "@msgid=3 :me PRIVMSG #c :same"), fold: fold)
        #expect(firstMatched && secondMatched)
        #expect(!thirdMatched)
        #expect(await first.value(timeout: .seconds(1)) == "1")
        #expect(await second.value(timeout: .seconds(1)) == "2")
    }

    @Test func anErrorAnswerOrADisconnectEndsTheWaitWithoutAMsgid() async {
        var echoes = PendingEchoes()
        let refused = echoes.expect(.label("pt7"))
        let dropped = echoes.expect(.label("pt8"))
        echoes.answered(label: "pt7")
        echoes.failAll()
        #expect(await refused.value(timeout: .seconds(1)) == nil)
        #expect(await dropped.value(timeout: .seconds(1)) == nil)
    }

    /// Without the timeout the wait would never end; the time limit turns that into a failure.
    @Test(.timeLimit(.minutes(1))) func aMissingEchoTimesOut() async {
        var echoes = PendingEchoes()
        let waiter = echoes.expect(.label("never"))
        #expect(await waiter.value(timeout: .milliseconds(50)) == nil)
    }
}
