import PontoonMatrix

/// Rooms that are not portals: the bot's invites, management rooms, rooms to plumb.
extension BridgeCore {
    /// The bot was invited: it joins if the inviter may use the bridge, and a room with only the
    /// two of them becomes the inviter's management room.
    func handleBotMembership(_ event: ClientEvent, room: RoomID) async {
        guard let inviter = event.sender, case .member(let member) = event.typedContent, member.membership == .invite else { return }
        let bot = context.bot
        do {
            guard context.permissions.level(of: inviter) > .block else {
                try await bot.leave(room, reason: "You are not allowed to use this bridge.")
                return
            }
            _ = try await bot.join(room.rawValue)
            // A DM is a management room; so is a room of just the two, unless the user has one already
            // (then it is a room to plumb with `bridge`).
            if member.isDirect != true {
                guard try await bot.joinedMembers(room).count <= 2, try await managementRooms.room(of: inviter) == nil else { return }
            }
            try await managementRooms.set(room, for: inviter)
            let network = context.network.displayName
            await replySink(room)(CommandReply([
                .paragraph("Hello! I am the \(network) bridge bot. This room is your management room: send commands here without a prefix."),
                .paragraph("Send \(code: "help") for what you can do, or \(code: "login") to connect your \(network) account."),
            ]))
        } catch {
            context.logger.error("Invite not handled", metadata: ["room": "\(room)", "error": "\(error)"])
        }
    }

    /// A message in a room that is not a portal: a command in the sender's management room (no
    /// prefix needed) or, prefixed, in another room.
    func handleRoomMessage(_ event: ClientEvent, room: RoomID, sender: UserID) async {
        guard let eventID = event.eventID, case .message(let content) = event.typedContent,
              content.msgtype == .text || content.msgtype == .notice else { return }
        if await refusesUnencrypted(room, eventID: eventID) { return }
        do {
            // Commands run at most once: a crash mid-command must not run a login twice.
            guard try await context.processed.markIfNew(eventID.rawValue, in: room.rawValue) else { return }
            let kind: CommandRoomKind = try await managementRooms.room(of: sender) == room ? .managementRoom : .unbridgedRoom
            let message = CommandMessage(sender: sender, roomID: room, room: kind,
                                         body: ReplyFallback.strip(content.body, isReply: content.relatesTo?.inReplyTo != nil),
                                         eventID: eventID)
            _ = await commands.handle(message, services: BridgeServices(core: self), reply: replySink(room))
        } catch {
            context.logger.error("Room message not handled", metadata: ["room": "\(room)", "error": "\(error)"])
        }
    }
}
