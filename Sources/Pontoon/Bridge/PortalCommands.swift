import PontoonMatrix
import PontoonStorage

/// Commands about portals: relaying, plumbing, opening and deleting.
enum PortalCommands {
    typealias Context = CommandContext<BridgeServices>

    static let setRelay = Command<BridgeServices>(
        name: "set-relay", section: .portalManagement,
        summary: "Relay messages of users without a login through your login, in this room.",
        argumentsHelp: "[login-id]", requiredLevel: .relay, rooms: .portal, requiresLogin: true
    ) { context in
        let core = context.services.core
        guard core.context.permissions.canSetRelay(context.sender) else {
            throw CommandError(core.context.config.bridge.relay.enabled
                ? "Only bridge admins may set a relay here."
                : "Relaying is turned off in this bridge's config (bridge.relay.enabled).")
        }
        let entries = await core.sessions.logins(of: context.sender)
        guard let entry = context.arguments.first.map({ id in entries.first { $0.login.loginID.rawValue == id } }) ?? entries.first else {
            throw CommandError("You have no login \(code: context.arguments.first ?? ""). Send \(code: context.invocation("logins")) for the list.")
        }
        let portal = try await requirePortal(context)
        try await portal.queue.perform { try await portal.setRelay(entry.login.loginID) }
        await context.reply("Messages of users without a login are now relayed through \(bold: entry.login.remoteName).")
    }

    static let unsetRelay = Command<BridgeServices>(
        name: "unset-relay", section: .portalManagement, summary: "Stop relaying in this room.",
        requiredLevel: .relay, rooms: .portal
    ) { context in
        guard context.services.core.context.permissions.canSetRelay(context.sender) else {
            throw CommandError("You may not change this room's relay.")
        }
        let portal = try await requirePortal(context)
        try await portal.queue.perform { try await portal.setRelay(nil) }
        await context.reply("Relaying is off in this room.")
    }

    static let bridge = Command<BridgeServices>(
        name: "bridge", section: .admin, summary: "Bridge this existing room to a remote chat.",
        argumentsHelp: "<chat-id>", requiredLevel: .admin, rooms: .unbridgedRoom
    ) { context in
        try context.requireArguments(1...1)
        let core = context.services.core
        let key = PortalKey(chatID: RemoteChatID(context.arguments[0]))
        let portal = core.portal(for: key)
        let room = context.roomID
        let bridged = try await portal.queue.perform { () -> Bool in
            if try await portal.loadRow()?.mxid != nil { return false }
            try await portal.adopt(room: room, name: key.chatID.rawValue)
            return true
        }
        guard bridged else { throw CommandError("\(code: key.chatID.rawValue) is already bridged to another room.") }
        await context.reply("This room is now bridged to \(code: key.chatID.rawValue).")
    }

    static let unbridge = Command<BridgeServices>(
        name: "unbridge", section: .admin, summary: "Stop bridging this room; the room and its history stay.",
        requiredLevel: .admin, rooms: .portal
    ) { context in
        let portal = try await requirePortal(context)
        try await portal.queue.perform { try await portal.delete() }
        await context.reply("This room is no longer bridged.")
    }

    static let deletePortal = Command<BridgeServices>(
        name: "delete-portal", section: .admin, summary: "Remove everyone from this portal and forget it.",
        requiredLevel: .admin, rooms: .portal
    ) { context in
        let core = context.services.core
        let portal = try await requirePortal(context)
        let room = context.roomID
        await context.reply("Deleting this portal…")
        try await portal.queue.perform { try await portal.delete() }
        let members = (try? await core.context.bot.joinedMembers(room)) ?? [:]
        for member in members.keys where member != core.context.botUserID {
            if core.context.isBridgeUser(member) {
                try? await core.context.homeserver.intent(for: member).leave(room)
            } else {
                try? await core.context.bot.kick(member, from: room, reason: "The portal was deleted")
            }
        }
        try await core.context.bot.leave(room)
    }

    static let startChat = Command<BridgeServices>(
        name: "start-chat", section: .portalManagement, summary: "Open a chat with someone on the network.",
        argumentsHelp: "<identifier>", requiresLogin: true
    ) { context in
        try context.requireArguments(1...Int.max)
        let core = context.services.core
        let entries = await core.sessions.logins(of: context.sender)
        guard let entry = entries.first(where: { $0.session is any ChatStartingSession }),
              let session = entry.session as? any ChatStartingSession else {
            throw CommandError("\(core.context.network.displayName) can't open chats from here.")
        }
        let key = try await session.startChat(with: context.rawArguments)
        let portal = core.portal(for: key)
        let owner = context.sender
        let room = try await portal.queue.perform { try await portal.ensureRoom(session: session, owner: owner) }
        await context.reply("The chat is open: \(room.rawValue) (you are invited).")
    }

    private static func requirePortal(_ context: Context) async throws -> Portal {
        guard let portal = try await context.services.core.portal(forRoom: context.roomID) else {
            throw CommandError("This room is not a portal.")
        }
        return portal
    }
}
