import Foundation
import Logging
import Pontoon
import PontoonMatrix
import Synchronization

/// One Matrix user's own IRC connection (their puppet) on one server.
///
/// Matrix → IRC: messages become PRIVMSG/NOTICE/CTCP ACTION lines, formatted with mIRC codes, cut
/// to fit 512 bytes, every line neutralised so nothing typed on Matrix can start an IRC command.
/// IRC → Matrix: see `IRCSession+Incoming.swift`.
final class IRCSession: RemoteSession, ChatStartingSession, TypingSession {
    let login: StoredLogin
    /// What the login stores now; `nick` and `certfp` change it.
    private let currentCredentials: Mutex<IRCLoginCredentials>
    var credentials: IRCLoginCredentials { currentCredentials.withLock { $0 } }
    let server: IRCServerConfig
    let directory: IRCServerDirectory
    let events: any RemoteEventSink
    let relay: IRCRelay
    let client: IRCClient
    let logger: Logger
    private let link: SessionLink
    let state = Mutex(SessionState())

    struct SessionState {
        /// Our nick as the server last told us (the wanted one until registered), folded.
        var foldedNick = ""
        /// Spelling of nicks by folded nick, for display names.
        var spelling: [String: String] = [:]
        /// Who sent recent messages, by message ID: replies on servers without tags quote the nick.
        var senders = RecentSenders()
        var sequence = 0
        /// Commands waiting for the server's answer.
        var pendingJoins: [String: [OneShot<String>]] = [:]
        var pendingNick: OneShot<String>?
        /// A services bot's first NOTICE back (after `certfp`), by its folded nick.
        var pendingServiceAnswer: (nick: String, answer: OneShot<String>)?
        /// Topic changes waiting for the server's TOPIC (done) or 482 (refused), by folded channel.
        var pendingTopics: [String: OneShot<String>] = [:]
        /// Users who quit in a netsplit, with the task that shows their leave if they stay away.
        var splitQuits: [String: Task<Void, Never>] = [:]
        let token = String(UInt32.random(in: 0...UInt32.max), radix: 36)
    }

    init(login: StoredLogin, credentials: IRCLoginCredentials, server: IRCServerConfig, directory: IRCServerDirectory,
         events: any RemoteEventSink, relay: IRCRelay) {
        self.login = login
        currentCredentials = Mutex(credentials)
        self.server = server
        self.directory = directory
        self.events = events
        self.relay = relay
        var logger = Logger(label: "pontoon.irc")
        logger[metadataKey: "login"] = "\(login.loginID)"
        self.logger = logger
        let link = SessionLink()
        self.link = link
        client = IRCClient(settings: IRCNetwork.settings(for: credentials, on: server), logger: logger, gate: directory.gate) { event in
            await link.session?.handle(event)
        }
        state.withLock { $0.foldedNick = CaseMapping.rfc1459.fold(credentials.nick) }
        link.attach(self)
    }

    var loginID: LoginID { login.loginID }
    var serverName: String { credentials.server }

    /// Keeps `change` in what the session stores for its login (the caller saves it with the login).
    func updateCredentials(_ change: (inout IRCLoginCredentials) -> Void) -> IRCLoginCredentials {
        currentCredentials.withLock { credentials in
            change(&credentials)
            return credentials
        }
    }
    var selfUserID: RemoteUserID { IRCIdentifiers.user(server: serverName, foldedNick: state.withLock { $0.foldedNick }) }

    func connect() async throws {
        // After a restart the puppet goes back into the channels it was in.
        await client.remember(credentials.channels)
        await client.start()
    }

    func disconnect() async {
        link.detach()
        await client.stop(quitMessage: "Logged out")
        await directory.disconnected(loginID)
        await directory.setNick(nil, of: loginID, owner: login.owner.rawValue)
    }

    // MARK: - Matrix → IRC

    func send(_ message: OutgoingMessage, to portal: PortalKey, as sender: OutgoingSender) async throws -> SentMessage {
        let target = try target(of: portal)
        guard await client.isConnected else {
            throw RemoteSendError("not connected to \(serverName) right now (reconnecting)", isTransient: true)
        }
        var nick = await client.nick
        var tags: [String: String] = [:]
        var text = message.html.map { MatrixToIRC.convert(body: message.text, html: $0) } ?? message.text
        if let replyTo = message.replyTo {
            if await client.capabilities.contains("message-tags"), !SyntheticMessageID.isSynthetic(replyTo.rawValue) {
                tags["+draft/reply"] = replyTo.rawValue
            } else if let repliedNick = state.withLock({ $0.senders.nick(of: replyTo.rawValue) }) {
                text = "\(repliedNick): " + text
            }
        }
        // A relayed sender speaks under their own name with RELAYMSG when the server lets us, else
        // as "<name> text" from the relay's nick.
        var relayedAs: String?
        if case .relayed(_, let profile) = sender {
            if let spoofed = await relay.relayNick(for: profile, in: target, client: client) {
                relayedAs = spoofed
                nick = spoofed
            } else {
                text = relay.prefixed(text, sender: profile)
            }
        }
        let pieces = try await lines(of: text, fullText: message.text, kind: message.kind, target: target, nick: nick)
        var firstID: String?
        for (index, piece) in pieces.enumerated() {
            let line = message.kind == .emote ? CTCP.encode(command: "ACTION", argument: piece) : piece
            do {
                if let relayedAs {
                    try await client.send(IRCMessage(command: "RELAYMSG", parameters: [target, relayedAs, line]))
                    continue
                }
                let msgid = try await client.sendMessage(to: target, text: line, tags: index == 0 ? tags : [:],
                                                         notice: message.kind == .notice)
                if index == 0 { firstID = msgid }
            } catch let error as IRCClientError {
                throw RemoteSendError("IRC: \(error)", isTransient: error == .notConnected && index == 0)
            }
        }
        let id = firstID ?? nextSyntheticID()
        state.withLock { $0.senders.remember(id, nick: nick) }
        return SentMessage(remoteID: RemoteMessageID(id))
    }

    /// The IRC lines for a Matrix message: split at newlines, neutralised, cut to the byte budget,
    /// and no more than the configured number of lines. The rest goes out as a link to the whole
    /// text (`public_media`), or is counted in one last line when there are no links.
    private func lines(of text: String, fullText: String, kind: OutgoingMessage.Kind, target: String,
                       nick: String) async throws -> [String] {
        // The server prepends ":nick!user@host "; USERLEN and HOSTLEN bound the unknown part.
        var budget = IRCMessageSplitter.textBudget(command: kind == .notice ? "NOTICE" : "PRIVMSG", target: target,
                                                   sourceLength: nick.utf8.count + 1 + 10 + 1 + 64)
        if kind == .emote { budget -= "\u{1}ACTION \u{1}".utf8.count }
        let pieces = IRCTextSafety.lines(text).flatMap { IRCMessageSplitter.split($0, maxBytes: budget) }
        guard !pieces.isEmpty else { throw RemoteSendError("the message is empty on IRC") }
        let limit = server.maxLinesPerMessage
        guard pieces.count > limit else { return pieces }
        if let link = await events.publicLink(forText: fullText) {
            let shown = limit - 1
            return Array(pieces.prefix(shown)) + ["(\(pieces.count - shown) more lines, the whole message: \(link))"]
        }
        return Array(pieces.prefix(limit)) + ["(\(pieces.count - limit) more lines not sent: the message is too long for IRC)"]
    }

    func chatInfo(_ portal: PortalKey) async throws -> ChatInfo {
        guard let (_, name) = IRCIdentifiers.split(portal.chatID.rawValue) else {
            throw RemoteSendError("not an IRC chat: \(portal.chatID)")
        }
        let support = await client.isupport
        guard support.isChannel(name) else {
            return ChatInfo(kind: .direct(with: IRCIdentifiers.user(server: serverName, foldedNick: name)))
        }
        guard let channel = await client.channel(name) else { return ChatInfo(kind: .group, name: name) }
        let levels = await powerLevels(of: channel)
        return ChatInfo(kind: .group, name: channel.name, topic: channel.topic ?? "",
                        members: levels.keys.sorted { $0.rawValue < $1.rawValue }, powerLevels: levels)
    }

    /// Matrix power levels of a channel's IRC members (not the bridge's own puppets) from their
    /// prefix modes: founders, admins and operators 50, half-operators 25, voiced users 10.
    func powerLevels(of channel: IRCChannelState) async -> [RemoteUserID: Int] {
        var levels: [RemoteUserID: Int] = [:]
        let puppets = await directory.puppetOwners
        for (folded, member) in channel.members where puppets[folded] == nil {
            let level = member.modes.contains { "qao".contains($0) } ? 50 : member.modes.contains("h") ? 25 : member.modes.contains("v") ? 10 : 0
            levels[IRCIdentifiers.user(server: serverName, foldedNick: folded)] = level
        }
        return levels
    }

    func userInfo(_ user: RemoteUserID) async throws -> RemoteUserInfo {
        guard let (_, folded) = IRCIdentifiers.split(user.rawValue) else { return RemoteUserInfo() }
        let spelled = state.withLock { $0.spelling[folded] } ?? folded
        return RemoteUserInfo(displayName: spelled)
    }

    func startChat(with identifier: String) async throws -> PortalKey {
        let nick = identifier.trimmingCharacters(in: .whitespaces)
        guard !nick.isEmpty, NickRules.sanitize(nick, maxLength: 64) == nick else {
            throw RemoteSendError("\"\(identifier)\" is not an IRC nick")
        }
        let folded = await client.fold(nick)
        state.withLock { $0.spelling[folded] = nick }
        return PortalKey(chatID: IRCIdentifiers.chat(server: serverName, foldedName: folded), receiver: loginID)
    }

    func setTyping(_ typing: Bool, in portal: PortalKey) async throws {
        guard await client.capabilities.contains("message-tags") else { return }
        try await client.send(.tagmsg(try target(of: portal), tags: ["+typing": typing ? "active" : "done"]))
    }

    /// The IRC target (channel or nick) of a portal of this server.
    func target(of portal: PortalKey) throws -> String {
        guard let (server, name) = IRCIdentifiers.split(portal.chatID.rawValue), server == serverName else {
            throw RemoteSendError("this chat belongs to another IRC server than your login (\(serverName))")
        }
        return name
    }

    func nextSyntheticID() -> String {
        state.withLock { state in
            state.sequence += 1
            return SyntheticMessageID.make(token: state.token, sequence: state.sequence)
        }
    }
}

/// Lets the client's event handler reach its session without keeping it alive after logout.
final class SessionLink: Sendable {
    private let target = Mutex<IRCSession?>(nil)
    var session: IRCSession? { target.withLock { $0 } }
    func attach(_ session: IRCSession) { target.withLock { $0 = session } }
    func detach() { target.withLock { $0 = nil } }
}

/// IDs for messages on servers without `msgid`: unique per session (a random token and a counter),
/// recognisable so they are never sent back to the server as a reply target.
enum SyntheticMessageID {
    static func make(token: String, sequence: Int) -> String { "pt-\(token)-\(sequence)" }
    static func isSynthetic(_ id: String) -> Bool { id.hasPrefix("pt-") }
}

/// The senders of the last messages, bounded: enough for replies to recent messages.
struct RecentSenders {
    private var nicks: [String: String] = [:]
    /// Message IDs in arrival order, used as a ring: the slot to fill next holds the oldest.
    private var order: [String] = []
    private var next = 0
    let capacity = 2000

    mutating func remember(_ id: String, nick: String) {
        guard nicks.updateValue(nick, forKey: id) == nil else { return }
        if order.count < capacity {
            order.append(id)
        } else {
            nicks[order[next]] = nil
            order[next] = id
            next = (next + 1) % capacity
        }
    }

    func nick(of id: String) -> String? { nicks[id] }
}
