import Pontoon

/// How Matrix users without a login speak through a relay connection: as themselves with
/// `RELAYMSG` (IRCv3 `draft/relaymsg`, e.g. `alice/m`) where the server offers it and the relay is a
/// channel operator (servers refuse it to others, and a refused line would be a lost message),
/// else as `<alice> text` (`bridge.relay.message_format`) from the relay's own nick.
struct IRCRelay: Sendable {
    let format: String
    let network: IRCNetwork

    /// The text with the relay format's sender prefix, HTML tags taken out.
    func prefixed(_ text: String, sender: RelayedProfile) -> String {
        network.relayText(sender: sender, message: text, format: format)
    }

    /// The nick to relay `sender` under in `channel`, or nil when RELAYMSG can't be used there.
    func relayNick(for sender: RelayedProfile, in channel: String, client: IRCClient) async -> String? {
        guard await client.capabilities.contains("draft/relaymsg"), await client.isupport.isChannel(channel),
              let state = await client.channel(channel),
              let member = state.members[await client.fold(await client.nick)],
              member.modes.contains(where: { "qao".contains($0) }) else { return nil }
        let separators = await client.capabilityValues["draft/relaymsg"] ?? ""
        return Self.spoofedNick(for: sender, separator: separators.first ?? "/", maxLength: await client.isupport.nickLength)
    }

    /// `name/m`: the display name as a valid nick, the separator the server demands, and `m` for Matrix.
    static func spoofedNick(for sender: RelayedProfile, separator: Character, maxLength: Int) -> String {
        let suffix = "\(separator)m"
        let room = max(1, maxLength - suffix.count)
        let name = sender.displayName.isEmpty ? sender.userID.localpart : sender.displayName
        return NickRules.sanitize(name, maxLength: room) + suffix
    }
}
