import Pontoon

/// What the sessions on one IRC server know together: which nicks are the bridge's own puppets
/// (their channel messages came from Matrix and must not come back as ghosts), and which session
/// reads each channel (every puppet in a channel hears each line; exactly one bridges it).
actor IRCServerDirectory {
    struct Puppet: Sendable {
        var foldedNick: String
        var owner: String
    }

    let server: String
    let gate: ConnectGate
    private var puppets: [LoginID: Puppet] = [:]
    /// Every puppet's owner by folded nick: asked about on every line received, so kept ready.
    private(set) var puppetOwners: [String: String] = [:]
    private var channelMembers: [String: Set<LoginID>] = [:]
    /// The session that bridges each channel (see ``isReader(_:of:)``), kept with the members.
    private var readers: [String: LoginID] = [:]

    init(server: String, gate: ConnectGate) {
        self.server = server
        self.gate = gate
    }

    func setNick(_ foldedNick: String?, of login: LoginID, owner: String) {
        puppets[login] = foldedNick.map { Puppet(foldedNick: $0, owner: owner) }
        // Nick changes are rare next to the lines that ask; rebuilding keeps the rule simple.
        puppetOwners = Dictionary(puppets.values.map { ($0.foldedNick, $0.owner) }, uniquingKeysWith: { first, _ in first })
    }

    func isPuppet(_ foldedNick: String) -> Bool { puppetOwners[foldedNick] != nil }

    func joined(_ foldedChannel: String, login: LoginID) {
        channelMembers[foldedChannel, default: []].insert(login)
        chooseReader(of: foldedChannel)
    }

    func left(_ foldedChannel: String, login: LoginID) {
        channelMembers[foldedChannel]?.remove(login)
        if channelMembers[foldedChannel]?.isEmpty == true { channelMembers[foldedChannel] = nil }
        chooseReader(of: foldedChannel)
    }

    /// Forgets a session that disconnected.
    func disconnected(_ login: LoginID) {
        for channel in channelMembers.keys { left(channel, login: login) }
    }

    /// Whether `login` is the one session that bridges what is said in the channel: the lowest login
    /// ID among the sessions in it, so the choice is the same everywhere without any coordination.
    func isReader(_ login: LoginID, of foldedChannel: String) -> Bool {
        readers[foldedChannel] == login
    }

    private func chooseReader(of foldedChannel: String) {
        readers[foldedChannel] = channelMembers[foldedChannel]?.min(by: { $0.rawValue < $1.rawValue })
    }
}
