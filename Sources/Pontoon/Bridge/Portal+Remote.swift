import Foundation
import PontoonCrypto
import PontoonMatrix
import PontoonStorage

/// Network → Matrix.
extension Portal {
    /// Bridges one remote event. Errors are logged; the event is not retried (the network's own
    /// redelivery or backfill brings it again, and the message mapping keeps that exactly-once).
    func handleRemote(_ event: RemoteEvent) async {
        do {
            try await bridgeRemote(event)
        } catch {
            logger.error("Remote event not bridged", metadata: ["error": "\(error)"])
        }
    }

    /// Bridges one remote event; throws what went wrong (``RemoteEventSink/deliver(_:)``).
    func bridgeRemote(_ event: RemoteEvent) async throws {
        guard let session = await core.sessions.session(event.sender.login) else {
            logger.warning("Remote event from a login that is not running", metadata: ["login": "\(event.sender.login)"])
            return
        }
        let owner = await core.sessions.owner(of: event.sender.login)
        if case .userInfoChanged(let info) = event.kind {
            return try await core.ghosts.sync(event.sender.userID, info: info)
        }
        if case .message = event.kind {
            _ = try await ensureRoom(session: session, owner: owner)
        }
        guard let room = try await loadRow().flatMap({ $0.mxid }).flatMap({ RoomID(rawValue: $0) }) else {
            return  // Only a message opens a portal; the rest is about a chat nobody sees on Matrix yet.
        }
        if let owner { try await ensureMember(owner, room: room, isDirect: row?.isDirect ?? false) }
        let timestamp = event.timestamp ?? Int64(Date().timeIntervalSince1970 * 1000)

        switch event.kind {
        case .message(let message):
            try await bridgeMessage(message, from: event.sender, session: session, room: room, timestamp: timestamp)
        case .edit(let target, let content):
            try await bridgeEdit(of: target, to: content, from: event.sender, session: session, room: room, timestamp: timestamp)
        case .delete(let target):
            try await bridgeDelete(target, from: event.sender, session: session, room: room)
        case .reaction(let target, let emoji, let emojiID):
            try await bridgeReaction(to: target, emoji: emoji, emojiID: emojiID, from: event.sender, session: session,
                                     room: room, timestamp: timestamp)
        case .reactionRemoved(let target, let emojiID):
            try await bridgeReactionRemoval(from: target, emojiID: emojiID, sender: event.sender, room: room)
        case .typing(let typing):
            try await senderIntent(event.sender, session: session, room: room).setTyping(in: room, typing: typing)
        case .readReceipt(let target):
            guard let part = try await context.messages.lastPart(of: target.rawValue, in: rowKey),
                  let eventID = EventID(rawValue: part.mxid) else { return }
            try await senderIntent(event.sender, session: session, room: room).sendReceipt(in: room, event: eventID)
        case .chatInfoChanged(let info):
            try await applyChatInfo(info, room: room)
        case .membership(let change):
            try await bridgeMembership(change, of: event.sender, session: session, room: room)
        case .userInfoChanged:
            break  // handled above, without a room
        case .deliveryFailed(let target, let reason):
            guard let part = try await context.messages.lastPart(of: target.rawValue, in: rowKey),
                  let eventID = EventID(rawValue: part.mxid) else { return }
            await reportFailure(reason, eventID: eventID, room: room, later: true)
        case .bridgeNotice(let text):
            let stamp = String(timestamp) + "." + StableHash.hex(text)
            _ = try await context.bot.sendMessageEvent(to: room, type: MessageContent.eventType, content: MessageContent.notice(text).json,
                                                       transactionID: transactionID("notice", stamp, ""))
        }
    }

    func bridgeMessage(_ message: RemoteMessage, from sender: RemoteSender, session: any RemoteSession,
                               room: RoomID, timestamp: Int64) async throws {
        var intent: Intent?
        for (index, part) in message.parts.enumerated() {
            // Already bridged: a redelivery, a backfill overlap, or the echo of a message sent from Matrix.
            if try await context.messages.part(part.id, of: message.id.rawValue, in: rowKey) != nil { continue }
            let sending: Intent
            if let intent { sending = intent } else {
                sending = try await senderIntent(sender, session: session, room: room)
                intent = sending
            }
            var content = part.content
            if let media = part.media {
                if let encryption = context.encryption, try await encryption.isEncrypted(room, as: sending.userID) {
                    // Encrypted rooms get encrypted attachments: the homeserver only ever sees ciphertext.
                    let encrypted = AttachmentCrypto.encrypt(media.data)
                    let url = try await sending.upload(encrypted.ciphertext, contentType: "application/octet-stream",
                                                       filename: media.fileName)
                    content.file = encrypted.file(url: url)
                    content.url = nil
                } else {
                    content.url = try await sending.upload(Data(media.data), contentType: media.mimeType ?? "application/octet-stream",
                                                           filename: media.fileName)
                }
            }
            if index == 0, let replyTo = message.replyTo,
               let target = try await context.messages.firstPart(of: replyTo.rawValue, in: rowKey),
               let targetID = EventID(rawValue: target.mxid) {
                content.relatesTo = .reply(to: targetID)
            }
            if let root = message.threadRoot,
               let rootPart = try await context.messages.firstPart(of: root.rawValue, in: rowKey),
               let rootID = EventID(rawValue: rootPart.mxid) {
                content.relatesTo = .thread(root: rootID, replyTo: content.relatesTo?.inReplyTo ?? rootID)
            }
            var json = content.json
            if !sending.isBot, sending.client !== context.homeserver, case .object(var object) = json {
                object[DoublePuppets.sourceKey] = .string(context.config.appservice.id)
                json = .object(object)
            }
            let eventID = try await sending.sendMessageEvent(
                to: room, type: MessageContent.eventType, content: json,
                transactionID: transactionID("m", message.id.rawValue, part.id), timestamp: timestamp)
            _ = try await context.messages.insert(MessagePartRow(
                chat: rowKey, remoteID: message.id.rawValue, partID: part.id, partIndex: index, mxid: eventID.rawValue,
                roomMXID: room.rawValue, senderRemoteID: sender.userID.rawValue, senderMXID: sending.userID.rawValue,
                timestamp: timestamp, threadRootRemoteID: message.threadRoot?.rawValue,
                replyToRemoteID: message.replyTo?.rawValue))
            BridgeMetrics.bridged(.toMatrix, "message")
        }
    }

    private func bridgeEdit(of target: RemoteMessageID, to content: RemoteMessage, from sender: RemoteSender,
                            session: any RemoteSession, room: RoomID, timestamp: Int64) async throws {
        let parts = try await context.messages.parts(of: target.rawValue, in: rowKey)
        guard !parts.isEmpty else {
            logger.debug("Edit of a message that was never bridged", metadata: ["target": "\(target)"])
            return
        }
        let intent = try await senderIntent(sender, session: session, room: room)
        for (stored, newPart) in zip(parts, content.parts) {
            guard let eventID = EventID(rawValue: stored.mxid) else { continue }
            let newContent = newPart.content
            var edit = newContent
            edit.body = "* " + newContent.body
            edit.formattedBody = newContent.formattedBody.map { "* " + $0 }
            edit.newContent = newContent
            edit.relatesTo = .replace(eventID)
            let count = try await context.messages.recordEdit(of: target.rawValue, part: stored.partID, in: rowKey) ?? 0
            _ = try await intent.sendMessageEvent(
                to: room, type: MessageContent.eventType, content: edit.json,
                transactionID: transactionID("e\(count)", target.rawValue, stored.partID), timestamp: timestamp)
            BridgeMetrics.bridged(.toMatrix, "edit")
        }
    }

    private func bridgeDelete(_ target: RemoteMessageID, from sender: RemoteSender, session: any RemoteSession,
                              room: RoomID) async throws {
        let parts = try await context.messages.parts(of: target.rawValue, in: rowKey)
        let intent = try await senderIntent(sender, session: session, room: room)
        for part in parts {
            guard let eventID = EventID(rawValue: part.mxid) else { continue }
            // The author redacts its own event; the bot (room admin) redacts anyone else's.
            let redactor = part.senderMXID == intent.userID.rawValue ? intent : context.bot
            _ = try await redactor.redact(eventID, in: room, transactionID: transactionID("d", target.rawValue, part.partID))
        }
        try await context.messages.delete(target.rawValue, in: rowKey)
        BridgeMetrics.bridged(.toMatrix, "redaction")
    }

    private func bridgeReaction(to target: RemoteMessageID, emoji: String, emojiID: String, from sender: RemoteSender,
                                session: any RemoteSession, room: RoomID, timestamp: Int64) async throws {
        guard let part = try await context.messages.firstPart(of: target.rawValue, in: rowKey),
              let targetID = EventID(rawValue: part.mxid) else { return }
        let key = ReactionRowKey(chat: rowKey, targetRemoteID: target.rawValue, targetPartID: part.partID,
                                 senderRemoteID: sender.userID.rawValue, emojiID: emojiID)
        if let existing = try await context.reactions.get(key), existing.emoji == emoji { return }
        let intent = try await senderIntent(sender, session: session, room: room)
        let eventID = try await intent.sendMessageEvent(
            to: room, type: ReactionContent.eventType, content: ReactionContent(eventID: targetID, key: emoji).json,
            transactionID: transactionID("r", target.rawValue, sender.userID.rawValue + "/" + emojiID + "/" + emoji),
            timestamp: timestamp)
        let replaced = try await context.reactions.upsert(ReactionRow(
            key: key, emoji: emoji, mxid: eventID.rawValue, roomMXID: room.rawValue, timestamp: timestamp))
        if let replaced, let old = EventID(rawValue: replaced.mxid) {
            _ = try await intent.redact(old, in: room)
        }
        BridgeMetrics.bridged(.toMatrix, "reaction")
    }

    private func bridgeReactionRemoval(from target: RemoteMessageID, emojiID: String, sender: RemoteSender,
                                       room: RoomID) async throws {
        guard let part = try await context.messages.firstPart(of: target.rawValue, in: rowKey) else { return }
        let key = ReactionRowKey(chat: rowKey, targetRemoteID: target.rawValue, targetPartID: part.partID,
                                 senderRemoteID: sender.userID.rawValue, emojiID: emojiID)
        guard let reaction = try await context.reactions.get(key), let eventID = EventID(rawValue: reaction.mxid) else { return }
        let redactor = context.homeserver.intent(for: try context.ghostIDs.userID(for: sender.userID))
        do {
            _ = try await redactor.redact(eventID, in: room)
        } catch let error as MatrixError where error.statusCode == 403 {
            _ = try await context.bot.redact(eventID, in: room)
        }
        try await context.reactions.delete(key)
    }

    func applyChatInfo(_ info: ChatInfo, room: RoomID) async throws {
        guard var updated = row else { return }
        if let name = info.name, name != updated.name || !updated.nameSet {
            _ = try await context.bot.sendStateEvent(to: room, type: RoomNameContent.eventType, content: ["name": .string(name)])
            updated.name = name
            updated.nameSet = true
        }
        if let topic = info.topic, topic != updated.topic || !updated.topicSet {
            _ = try await context.bot.sendStateEvent(to: room, type: RoomTopicContent.eventType, content: ["topic": .string(topic)])
            updated.topic = topic
            updated.topicSet = true
        }
        if let avatar = info.avatar {
            let picture = try await avatar.fetch()
            let mxc = try await context.bot.upload(Data(picture.data), contentType: picture.mimeType)
            _ = try await context.bot.sendStateEvent(to: room, type: RoomAvatarContent.eventType, content: ["url": .string(mxc.rawValue)])
            updated.avatarMXC = mxc.rawValue
            updated.avatarSet = true
        }
        row = updated
        try await context.portals.upsert(updated)
        if let levels = info.powerLevels { try await applyPowerLevels(levels, room: room) }
    }

    /// Sets the ghosts' power levels where they differ from the room's, in one state event.
    func applyPowerLevels(_ levels: [RemoteUserID: Int], room: RoomID) async throws {
        guard !levels.isEmpty,
              case .object(var content)? = try await context.bot.getStateEvent(in: room, type: PowerLevelsContent.eventType) else { return }
        var users = content["users"]?.objectValue ?? [:]
        var changed = false
        for (remote, level) in levels {
            let ghost = try context.ghostIDs.userID(for: remote).rawValue
            let wanted: JSONValue? = level == 0 ? nil : .int(Int64(level))
            guard users[ghost] != wanted else { continue }
            users[ghost] = wanted
            changed = true
        }
        guard changed else { return }
        content["users"] = .object(users)
        _ = try await context.bot.sendStateEvent(to: room, type: PowerLevelsContent.eventType, content: .object(content))
    }

    private func bridgeMembership(_ change: RemoteMembership, of sender: RemoteSender, session: any RemoteSession,
                                  room: RoomID) async throws {
        let ghost = try context.ghostIDs.userID(for: sender.userID)
        switch change {
        case .joined:
            _ = try await senderIntent(sender, session: session, room: room)
        case .left(let reason):
            try await context.homeserver.intent(for: ghost).leave(room, reason: reason)
            await core.ghosts.forget(ghost, in: room)
        case .removed(_, let reason):
            try await context.bot.kick(ghost, from: room, reason: reason)
            await core.ghosts.forget(ghost, in: room)
        }
    }

    /// Who a remote sender is on Matrix, joined to the room: the user's real account for their own
    /// messages when double puppeting covers them, else the ghost.
    func senderIntent(_ sender: RemoteSender, session: any RemoteSession, room: RoomID) async throws -> Intent {
        if sender.isFromMe, let owner = await core.sessions.owner(of: sender.login),
           let puppet = context.doublePuppets.intent(for: owner) {
            try await core.ghosts.ensureJoined(puppet, room: room)
            return puppet
        }
        let ghost = try await core.ghosts.intent(for: sender.userID, via: session)
        try await core.ghosts.ensureJoined(ghost, room: room)
        return ghost
    }

    /// A transaction ID derived from what is sent, so a resend after a crash is de-duplicated by the
    /// homeserver instead of appearing twice.
    func transactionID(_ kind: String, _ remoteID: String, _ partID: String) -> String {
        let text = [context.network.id, key.chatID.rawValue, key.receiver?.rawValue ?? "", kind, remoteID, partID]
            .joined(separator: "\u{1F}")
        return "pt.r." + StableHash.hex(text)
    }
}

/// A 128-bit FNV-1a hash, stable across runs and machines (Swift's `Hasher` is seeded per process).
enum StableHash {
    static func hex(_ text: String) -> String {
        var first: UInt64 = 0xcbf2_9ce4_8422_2325
        var second: UInt64 = 0x8422_2325_cbf2_9ce4
        for byte in text.utf8 {
            first = (first ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = (second ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
            second = second &+ (second >> 29)
        }
        return String(first, radix: 16) + "-" + String(second, radix: 16)
    }
}
