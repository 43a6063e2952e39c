/// The registration handshake as a state machine, apart from any socket: `CAP LS 302`, `CAP REQ`,
/// SASL, `CAP END`, `PASS`/`NICK`/`USER`, nick-in-use alternatives, until `001`. A server without
/// IRCv3 simply never answers `CAP` the way we hope and registers us anyway.
struct IRCRegistration: Sendable {
    enum Outcome: Sendable, Equatable {
        /// Keep going.
        case pending
        /// `001` arrived; `nick` is the nick the server gave us.
        case registered(nick: String)
        /// The server refused us; `reason` is for the user.
        case failed(reason: String)
    }

    private enum Phase: Sendable { case listingCaps, requestingCaps, authenticating, waitingForWelcome, done }

    let settings: IRCConnectionSettings
    private var phase = Phase.listingCaps
    private var offered = CapabilityList()
    private(set) var enabledCapabilities: Set<String> = []
    /// The values the server gave with the capabilities it offered (`draft/relaymsg=/`).
    var capabilityValues: [String: String] { offered.offered }
    private(set) var nick: String
    private var nickAttempts = 0
    private var nickLength = 30
    private(set) var saslSucceeded = false

    init(settings: IRCConnectionSettings) {
        self.settings = settings
        nick = NickRules.sanitize(settings.nick, maxLength: 30)
    }

    /// The lines that open the handshake.
    func openingLines() -> [IRCMessage] {
        var lines = [IRCMessage(command: "CAP", parameters: ["LS", "302"])]
        if let password = settings.serverPassword { lines.append(IRCMessage(command: "PASS", parameters: [password])) }
        lines.append(.nick(nick))
        lines.append(IRCMessage(command: "USER", parameters: [settings.username, "0", "*", settings.realname]))
        return lines
    }

    /// Feeds one line from the server; returns the lines to answer with and where registration stands.
    mutating func handle(_ message: IRCMessage) -> (reply: [IRCMessage], outcome: Outcome) {
        switch message.command {
        case "CAP": return handleCap(message)
        case "AUTHENTICATE": return (handleAuthenticate(message), .pending)
        case "001":
            phase = .done
            let given = message.parameters.first ?? nick
            nick = given
            // A server that registered us mid-negotiation (no CAP support) needs no CAP END.
            return ([], .registered(nick: given))
        case "433", "436", "437", "432":
            return ([.nick(nextNick(erroneous: message.command == "432"))], .pending)
        case "903":
            saslSucceeded = true
            return (endNegotiation(), .pending)
        case "902", "904", "905", "906", "908":
            // SASL failures count only while authenticating (a `where` here would guard 908 alone).
            guard phase == .authenticating else { return ([], .pending) }
            if message.command == "908" { return ([], .pending) }
            if settings.requireSASL { return ([], .failed(reason: "SASL authentication failed (\(message.command))")) }
            return (endNegotiation(), .pending)
        case "907":
            return (endNegotiation(), .pending)
        case "464":
            return ([], .failed(reason: "The server password was refused."))
        case "465":
            return ([], .failed(reason: "You are banned from this server: \(message.parameters.last ?? "")"))
        case "ERROR":
            return ([], .failed(reason: message.parameters.last ?? "The server closed the connection."))
        case "421" where message.parameters.dropFirst().first?.uppercased() == "CAP":
            // CAP unknown: an RFC 1459 server; NICK/USER already went out.
            phase = .waitingForWelcome
            return ([], .pending)
        default:
            return ([], .pending)
        }
    }

    private mutating func handleCap(_ message: IRCMessage) -> (reply: [IRCMessage], outcome: Outcome) {
        let subcommand = message.parameters.dropFirst().first?.uppercased() ?? ""
        let rest = Array(message.parameters.dropFirst(2))
        switch subcommand {
        case "LS" where phase == .listingCaps:
            guard offered.apply(lsParameters: rest) else { return ([], .pending) }
            if settings.requireSASL, wantsSASL, offered.offered["sasl"] == nil {
                return ([], .failed(reason: "The server does not offer SASL, and this login requires it."))
            }
            var request = settings.wantedCapabilities.filter { offered.offered[$0] != nil }
            if wantsSASL, let mechanisms = offered.offered["sasl"] {
                let supported = mechanisms.isEmpty || mechanisms.split(separator: ",").contains(Substring(saslMechanism))
                if supported { request.insert("sasl") }
            }
            guard !request.isEmpty else { return (endNegotiation(), .pending) }
            phase = .requestingCaps
            return ([IRCMessage(command: "CAP", parameters: ["REQ", request.sorted().joined(separator: " ")])], .pending)
        case "ACK" where phase == .requestingCaps:
            let acknowledged = (rest.last ?? "").split(separator: " ").map { String($0).trimmingPrefix("-") }
            enabledCapabilities.formUnion(acknowledged.map(String.init))
            if enabledCapabilities.contains("sasl"), wantsSASL {
                phase = .authenticating
                return ([IRCMessage(command: "AUTHENTICATE", parameters: [saslMechanism])], .pending)
            }
            if settings.requireSASL, wantsSASL {
                return ([], .failed(reason: "The server did not enable SASL, and this login requires it."))
            }
            return (endNegotiation(), .pending)
        case "NAK" where phase == .requestingCaps:
            // The whole request is refused; go on without capabilities rather than guess.
            return (endNegotiation(), .pending)
        default:
            return ([], .pending)
        }
    }

    private mutating func handleAuthenticate(_ message: IRCMessage) -> [IRCMessage] {
        guard phase == .authenticating, message.parameters.first == "+" else { return [] }
        let chunks: [String]
        switch settings.authentication {
        case .saslPlain(let account, let password): chunks = SASL.plainChunks(account: account, password: password)
        case .saslExternal: chunks = SASL.externalChunks
        case .none: chunks = ["*"]
        }
        return chunks.map { IRCMessage(command: "AUTHENTICATE", parameters: [$0]) }
    }

    private mutating func endNegotiation() -> [IRCMessage] {
        guard phase != .waitingForWelcome, phase != .done else { return [] }
        phase = .waitingForWelcome
        return [IRCMessage(command: "CAP", parameters: ["END"])]
    }

    private mutating func nextNick(erroneous: Bool) -> String {
        nickAttempts += 1
        let base = erroneous ? "matrix" : NickRules.sanitize(settings.nick, maxLength: nickLength)
        nick = NickRules.alternative(to: base, attempt: nickAttempts, maxLength: nickLength)
        return nick
    }

    var wantsSASL: Bool { settings.authentication != .none }


    private var saslMechanism: String {
        if case .saslExternal = settings.authentication { return "EXTERNAL" }
        return "PLAIN"
    }
}
