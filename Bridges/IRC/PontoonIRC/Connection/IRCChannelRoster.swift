/// One channel as this connection sees it: who is in it with which prefix modes, and the topic.
public struct IRCChannelState: Sendable, Hashable {
    /// The name as the server spells it.
    public var name: String
    /// Members by folded nick: their nick as spelled and their prefix modes (`o`, `v`, …).
    public var members: [String: Member] = [:]
    public var topic: String?

    public struct Member: Sendable, Hashable {
        public var nick: String
        public var modes: Set<Character>
    }
}

/// The channels a connection is in, kept up to date from JOIN, PART, KICK, QUIT, NICK, NAMES, MODE
/// and TOPIC, with nicks compared under the server's casemapping.
struct IRCChannelRoster: Sendable {
    private(set) var channels: [String: IRCChannelState] = [:]
    var support = ISupport()

    func fold(_ name: String) -> String { support.caseMapping.fold(name) }

    func channel(_ name: String) -> IRCChannelState? { channels[fold(name)] }

    /// Channels a nick is in (for QUIT and NICK, which name no channel).
    func channels(of nick: String) -> [String] {
        let key = fold(nick)
        return channels.values.filter { $0.members[key] != nil }.map(\.name).sorted()
    }

    mutating func reset() { channels = [:] }

    /// Updates the roster from one line; `selfNick` is our nick before the line.
    mutating func apply(_ message: IRCMessage, selfNick: String) {
        let sender = message.source?.nick ?? ""
        let parameters = message.parameters
        switch message.command {
        case "JOIN":
            guard let name = parameters.first else { return }
            let key = fold(name), member = fold(sender)
            if member == fold(selfNick) { channels[key] = IRCChannelState(name: name) }
            channels[key]?.members[member] = .init(nick: sender, modes: [])
        case "PART":
            guard let name = parameters.first else { return }
            remove(sender, from: name, selfNick: selfNick)
        case "KICK":
            guard parameters.count >= 2 else { return }
            remove(parameters[1], from: parameters[0], selfNick: selfNick)
        case "QUIT":
            let member = fold(sender)
            for name in channels(of: sender) {
                let key = fold(name)
                channels[key]?.members[member] = nil
            }
        case "NICK":
            guard let newNick = parameters.first else { return }
            let old = fold(sender), new = fold(newNick)
            for key in channels.keys {
                if let member = channels[key]?.members.removeValue(forKey: old) {
                    channels[key]?.members[new] = .init(nick: newNick, modes: member.modes)
                }
            }
        case "332":
            guard parameters.count >= 3 else { return }
            let key = fold(parameters[1])
            channels[key]?.topic = parameters[2]
        case "TOPIC":
            guard parameters.count >= 2 else { return }
            let key = fold(parameters[0])
            channels[key]?.topic = parameters[1]
        case "353":
            // "<me> <symbol> <channel> :[prefixes]nick[!user@host] …"
            guard parameters.count >= 4 else { return }
            applyNames(channel: parameters[2], names: parameters[3])
        case "MODE":
            guard parameters.count >= 2, support.isChannel(parameters[0]) else { return }
            applyModes(channel: parameters[0], modes: parameters[1], arguments: Array(parameters.dropFirst(2)))
        default:
            return
        }
    }

    private mutating func remove(_ nick: String, from channel: String, selfNick: String) {
        let key = fold(channel), member = fold(nick)
        if member == fold(selfNick) {
            channels[key] = nil
        } else {
            channels[key]?.members[member] = nil
        }
    }

    private mutating func applyNames(channel: String, names: String) {
        let key = fold(channel)
        guard channels[key] != nil else { return }
        for entry in names.split(separator: " ") {
            var modes = Set<Character>()
            var rest = Substring(entry)
            while let first = rest.first, let mode = support.mode(forPrefix: first) {
                modes.insert(mode)
                rest = rest.dropFirst()
            }
            // userhost-in-names adds !user@host after the nick.
            let nick = String(rest.prefix { $0 != "!" })
            guard !nick.isEmpty else { continue }
            let member = fold(nick)
            channels[key]?.members[member] = .init(nick: nick, modes: modes)
        }
    }

    private mutating func applyModes(channel: String, modes: String, arguments: [String]) {
        let key = fold(channel)
        guard channels[key] != nil else { return }
        var adding = true
        var arguments = arguments[...]
        let modeSet = support.channelModes
        for mode in modes {
            switch mode {
            case "+": adding = true
            case "-": adding = false
            default:
                if support.prefix(forMode: mode) != nil {
                    guard let nick = arguments.popFirst() else { return }
                    let member = fold(nick)
                    if adding {
                        channels[key]?.members[member]?.modes.insert(mode)
                    } else {
                        channels[key]?.members[member]?.modes.remove(mode)
                    }
                } else if modeSet.list.contains(mode) || modeSet.alwaysParameter.contains(mode)
                            || (adding && modeSet.parameterWhenSet.contains(mode)) {
                    _ = arguments.popFirst()
                }
            }
        }
    }
}
