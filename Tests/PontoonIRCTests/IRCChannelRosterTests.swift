@testable import PontoonIRC
import Testing

@Suite("Channel roster")
struct IRCChannelRosterTests {
    private func apply(_ roster: inout IRCChannelRoster, _ lines: [String], me: String = "me") throws {
        for line in lines { roster.apply(try IRCMessage(parsing: line), selfNick: me) }
    }

    @Test func followsJoinsNamesModesNicksPartsAndQuits() throws {
        var roster = IRCChannelRoster()
        try apply(&roster, [
            ":me!u@h JOIN #Chan", ":srv 332 me #chan :the topic", ":srv 353 me = #chan :@op +voice me plain!u@h",
            ":bob!u@h JOIN #chan", ":op!u@h MODE #chan +o-v+b bob voice *!*@spam", ":bob!u@h NICK Robert",
            ":plain!u@h PART #chan :bye", ":voice!u@h QUIT :gone",
        ])
        let channel = try #require(roster.channel("#CHAN"))
        #expect(channel.topic == "the topic")
        #expect(channel.members.keys.sorted() == ["me", "op", "robert"])
        #expect(channel.members["robert"]?.modes == ["o"])
        #expect(channel.members["op"]?.modes == ["o"])
        #expect(roster.channels(of: "ROBERT") == ["#Chan"])
    }

    @Test func beingKickedOrPartingForgetsTheChannel() throws {
        var roster = IRCChannelRoster()
        try apply(&roster, [":me!u@h JOIN #a", ":me!u@h JOIN #b", ":op!u@h KICK #a me :out", ":me!u@h PART #b"])
        #expect(roster.channels.isEmpty)
    }

    @Test func linesAboutUnknownChannelsOrWithMissingParametersChangeNothing() throws {
        var roster = IRCChannelRoster()
        try apply(&roster, [":x!u@h PART", ":x!u@h KICK #a", ":srv 353 me = #nowhere :a b", ":op MODE #a +o", "NICK", ":a!b@c JOIN"])
        #expect(roster.channels.isEmpty)
    }
}
