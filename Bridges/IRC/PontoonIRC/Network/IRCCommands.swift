import Pontoon
import PontoonMatrix

/// The IRC bridge's own bot commands, listed by `help` under "IRC".
public enum IRCCommands {
    public static let all: [Command<BridgeServices>] = [join, nick]
    static let section = CommandSection(title: "IRC", order: 25)

    static let join = Command<BridgeServices>(
        name: "join", section: section, summary: "Join an IRC channel and open its portal room.",
        argumentsHelp: "[server] <#channel> [key]", requiresLogin: true
    ) { context in
        try context.requireArguments(1...3)
        var arguments = context.arguments[...]
        let sessions = await context.services.logins(of: context.sender).compactMap { $0.session as? IRCSession }
        let session: IRCSession
        if let first = arguments.first, let named = sessions.first(where: { $0.serverName == first.lowercased() }) {
            session = named
            arguments = arguments.dropFirst()
        } else if sessions.count == 1 {
            session = sessions[0]
        } else {
            let names = sessions.map(\.serverName).sorted().joined(separator: ", ")
            throw CommandError("you are logged in to several IRC servers; name one first: \(names)")
        }
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
        let sessions = await context.services.logins(of: context.sender).compactMap { $0.session as? IRCSession }
        let wanted = context.arguments.last ?? ""
        let server = context.arguments.count == 2 ? context.arguments[0].lowercased() : nil
        guard let session = server.map({ name in sessions.first { $0.serverName == name } }) ?? (sessions.count == 1 ? sessions.first : nil) else {
            throw CommandError("name the IRC server: \(sessions.map(\.serverName).sorted().joined(separator: ", "))")
        }
        let nick = try await session.changeNick(to: wanted)
        // Kept for the next connection too (a restart, a reconnect after a netsplit).
        var credentials = session.credentials
        credentials.nick = nick
        try await context.services.updateLogin(session.loginID, remoteName: "\(nick) on \(session.server.displayName ?? session.serverName)",
                                               metadata: credentials.metadata)
        await context.reply("Your nick on \(session.serverName) is now \(nick).")
    }
}
