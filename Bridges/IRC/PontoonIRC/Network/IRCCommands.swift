import Pontoon
import PontoonMatrix

/// The IRC bridge's own bot commands, listed by `help` under "IRC".
public enum IRCCommands {
    public static let all: [Command<BridgeServices>] = [join, nick, certfp]
    static let section = CommandSection(title: "IRC", order: 25)

    static let join = Command<BridgeServices>(
        name: "join", section: section, summary: "Join an IRC channel and open its portal room.",
        argumentsHelp: "[server] <#channel> [key]", requiresLogin: true
    ) { context in
        try context.requireArguments(1...3)
        var arguments = context.arguments[...]
        let sessions = await ircSessions(of: context)
        // The server is optional: a first argument naming one of the user's servers is it.
        let server = arguments.first.flatMap { first in sessions.contains { $0.serverName == first.lowercased() } ? first : nil }
        if server != nil { arguments = arguments.dropFirst() }
        let session = try session(among: sessions, named: server)
        guard let channel = arguments.first else { throw CommandError(context.usage) }
        let key = arguments.dropFirst().first
        try await session.joinChannel(channel, key: key)
        let portal = PortalKey(chatID: IRCIdentifiers.chat(server: session.serverName, foldedName: await session.client.fold(channel)))
        let room = try await context.services.openPortal(portal, through: session, for: context.sender)
        await context.reply("Joined \(channel) on \(session.serverName): \(room) — you are invited to its room.")
    }

    static let nick = Command<BridgeServices>(
        name: "nick", section: section, summary: "Change your IRC nick.", argumentsHelp: "[server] <nick>",
        rooms: .managementRoomAndPortals, requiresLogin: true
    ) { context in
        try context.requireArguments(1...2)
        let wanted = context.arguments.last ?? ""
        let session = try session(among: await ircSessions(of: context), named: context.arguments.count == 2 ? context.arguments[0] : nil)
        let nick = try await session.changeNick(to: wanted)
        // Kept for the next connection too (a restart, a reconnect after a netsplit).
        let credentials = session.updateCredentials { $0.nick = nick }
        try await context.services.updateLogin(session.loginID, remoteName: "\(nick) on \(session.server.displayName ?? session.serverName)",
                                               metadata: credentials.metadata)
        await context.reply("Your nick on \(session.serverName) is now \(nick).")
    }

    static let certfp = Command<BridgeServices>(
        name: "certfp", section: section,
        summary: "Log in with a client certificate (SASL EXTERNAL) instead of a stored password: the bridge makes one, "
            + "adds its fingerprint to your account with NickServ CERT ADD, checks it, then forgets your password.",
        argumentsHelp: "[server]", requiresLogin: true
    ) { context in
        try context.requireArguments(0...1)
        let session = try session(among: await ircSessions(of: context), named: context.arguments.first)
        let credentials = try await session.moveToCertificate()
        try await context.services.updateLogin(session.loginID, remoteName: "\(credentials.nick) on \(session.server.displayName ?? session.serverName)",
                                               metadata: credentials.metadata)
        let fingerprint = credentials.clientCertificate?.fingerprint ?? ""
        await context.reply(
            "Your login on \(session.serverName) now uses a client certificate (SHA-256 fingerprint \(code: fingerprint)); the bridge no longer stores your password.")
    }

    private static func ircSessions(of context: CommandContext<BridgeServices>) async -> [IRCSession] {
        await context.services.logins(of: context.sender).compactMap { $0.session as? IRCSession }
    }

    /// The session on the server named `name`, or the only one.
    private static func session(among sessions: [IRCSession], named name: String?) throws -> IRCSession {
        let named = name.map { name in sessions.first { $0.serverName == name.lowercased() } } ?? (sessions.count == 1 ? sessions.first : nil)
        guard let session = named else {
            let names = sessions.map(\.serverName).sorted().joined(separator: ", ")
            throw CommandError("you are logged in to several IRC servers; name one first: \(names)")
        }
        return session
    }
}
