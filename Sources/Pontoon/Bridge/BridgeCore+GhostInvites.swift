import PontoonMatrix
import PontoonStorage

/// Rooms made on Matrix that become portals: a user invites ghosts into a room of their own.
extension BridgeCore {
    /// A ghost was invited by a Matrix user. Where the user's login can open chats that way
    /// (``InviteChatSession``), the ghost joins and the room becomes the portal of the chat the
    /// network names for its ghosts; otherwise, or when the network refuses, the ghost declines
    /// and says why.
    func handleGhostInvite(_ event: ClientEvent, room: RoomID, inviter: UserID, ghost: UserID, remote: RemoteUserID) async {
        guard !context.isBridgeUser(inviter), case .member(let member) = event.typedContent else { return }
        let intent = context.homeserver.intent(for: ghost)
        do {
            let entries = await sessions.logins(of: inviter)
            guard let session = entries.lazy.compactMap({ $0.session as? any InviteChatSession }).first else {
                let reason = entries.isEmpty ? "Log in to \(context.network.displayName) first (send login to the bridge bot)."
                    : "\(context.network.displayName) chats can't be opened by inviting people."
                return try await intent.leave(room, reason: reason)
            }
            _ = try await ghosts.intent(for: remote, via: session)
            _ = try await intent.join(room.rawValue)
            await ghosts.markJoined(ghost, in: room)

            let current = try await portal(forRoom: room)?.key
            let remotes = try await intent.members(room)
                .filter { $0.value == .join || $0.value == .invite }
                .compactMap { context.ghostIDs.remoteUserID(for: $0.key) }
                .sorted { $0.rawValue < $1.rawValue }
            let key: PortalKey
            do {
                key = try await session.chat(for: remotes, isDirect: member.isDirect == true, current: current)
            } catch let error as RemoteSendError {
                return try await refuse(error.userMessage, ghost: intent, room: room)
            }
            if key == current { return }
            guard current == nil else {
                return try await refuse("This room already bridges another \(context.network.displayName) chat.", ghost: intent, room: room)
            }
            let portal = portal(for: key)
            let isDirect = remotes.count == 1
            let adopted = try await portal.queue.perform {
                try await portal.adoptInvitedRoom(room, owner: inviter, isDirect: isDirect, other: isDirect ? remotes.first : nil)
            }
            guard adopted else {
                let existing = try await portal.queue.perform { await portal.roomID }
                return try await refuse("You already have this chat in another room: \(existing?.rawValue ?? "?").", ghost: intent, room: room)
            }
            // The bot joins too: it posts the room's notices (delivery failures) and receipts.
            try await intent.invite(context.botUserID, to: room)
            _ = try await context.bot.join(room.rawValue)
        } catch {
            context.logger.error("Ghost invite not handled", metadata: ["room": "\(room)", "ghost": "\(ghost)", "error": "\(error)"])
        }
    }

    private func refuse(_ reason: String, ghost: Intent, room: RoomID) async throws {
        _ = try await ghost.sendMessageEvent(to: room, type: MessageContent.eventType, content: MessageContent.notice(reason).json)
        try await ghost.leave(room, reason: reason)
    }
}

extension Portal {
    /// Makes `room`, a room `owner` made on Matrix, this chat's portal; false when the chat has a
    /// room already.
    func adoptInvitedRoom(_ room: RoomID, owner: UserID, isDirect: Bool, other: RemoteUserID?) async throws -> Bool {
        var adopted = try await loadRow() ?? PortalRow(key: rowKey)
        if let existing = adopted.mxid, existing != room.rawValue { return false }
        adopted.mxid = room.rawValue
        adopted.isDirect = isDirect
        adopted.otherUserID = other?.rawValue
        try await store(adopted, room: room)
        members.insert(owner)
        return true
    }
}
