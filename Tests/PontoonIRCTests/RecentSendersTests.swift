@testable import PontoonIRC
import Testing

@Suite("Recent senders (reply quoting)")
struct RecentSendersTests {
    @Test func keepsTheLastCapacityMessagesAndForgetsTheOldest() {
        var senders = RecentSenders()
        let total = senders.capacity + 10
        for index in 0..<total { senders.remember("m\(index)", nick: "n\(index)") }
        #expect(senders.nick(of: "m0") == nil)
        #expect(senders.nick(of: "m9") == nil)
        #expect(senders.nick(of: "m10") == "n10")
        #expect(senders.nick(of: "m\(total - 1)") == "n\(total - 1)")
    }

    @Test func aRepeatedIDUpdatesItsNickWithoutTakingAnotherSlot() {
        var senders = RecentSenders()
        senders.remember("a", nick: "first")
        senders.remember("a", nick: "second")
        for index in 0..<(senders.capacity - 1) { senders.remember("m\(index)", nick: "x") }
        #expect(senders.nick(of: "a") == "second")
        senders.remember("one-more", nick: "y")
        #expect(senders.nick(of: "a") == nil)
    }
}
