import Foundation
import PontoonCrypto
import PontoonMatrix
import PontoonStorage
import SQLKit

/// Matrix → network.
extension Portal {
    /// Who a Matrix message goes out as, through which session.
    struct Route {
        let session: any RemoteSession
        let sender: OutgoingSender
    }

    /// The event types `encryption.require` refuses in unencrypted rooms.
    static let messageTypes: Set<String> = [MessageContent.eventType, "m.sticker", ReactionContent.eventType]

    /// Bridges one Matrix event of the portal's room. Runs on the portal queue.
    func handleMatrix(_ event: ClientEvent) async {
        guard let sender = event.sender, let eventID = event.eventID, let room = event.roomID,
              !context.isBridgeUser(sender), event.content[DoublePuppets.sourceKey] == nil else { return }
        do {
            if try await context.processed.contains(eventID.rawValue, in: room.rawValue) { return }
            // Blocked users get nothing bridged and no answer.
            guard context.permissions.level(of: sender) >= .relay else { return }
            if Self.messageTypes.contains(event.type), await core.refusesUnencrypted(room, eventID: eventID) { return }
            switch event.typedContent {
            case .message(let content) where content.relatesTo?.relType == .replace:
                try await bridgeMatrixEdit(content, eventID: eventID, sender: sender, room: room)
            case .message(let content), .sticker(let content):
                if core.isPortalCommand(content) {
                    // Commands may wait on this very queue (`set-relay`), so they run on the room's own.
                    _ = try await context.processed.markIfNew(eventID.rawValue, in: room.rawValue)
                    let core = core
                    core.roomQueues.queue(for: room).enqueue {
                        await core.runPortalCommand(content, sender: sender, room: room, eventID: eventID)
                    }
                    return
                }
                try await bridgeMatrixMessage(content, eventID: eventID, sender: sender, room: room)
            case .reaction(let reaction):
                try await bridgeMatrixReaction(reaction, eventID: eventID, sender: sender, room: room)
            case .member(let member):
                try await bridgeMatrixMembership(member, target: event.stateKey, eventID: eventID, sender: sender, room: room)
            case .topic(let topic):
                try await bridgeMatrixTopic(topic, eventID: eventID, sender: sender, room: room)
            case .redaction(let redaction):
                if let target = redaction.redacts {
                    try await bridgeMatrixRedaction(of: target, eventID: eventID, sender: sender, room: room)
                }
            default:
                return
            }
        } catch let error as RemoteSendError {
            await reportFailure(error.userMessage, eventID: eventID, room: room)
        } catch let error as CommandError {
            await reportFailure(error.userMessage, eventID: eventID, room: room)
        } catch {
            logger.error("Matrix event not bridged", metadata: ["event": "\(eventID)", "error": "\(error)"])
            await reportFailure("the bridge had an internal error (see its logs).", eventID: eventID, room: room)
        }
    }

    /// The route for `user`: their own login in this chat, else the portal's relay if they may use it.
    func route(for user: UserID) async throws -> Route? {
        if let receiver = key.receiver {
            if let entry = await core.sessions.entry(receiver), entry.login.owner == user {
                return Route(session: entry.session, sender: .loggedIn(receiver))
            }
        } else if let entry = await core.sessions.logins(of: user).first(where: { context.network.login($0.login, canServe: key) }) {
            return Route(session: entry.session, sender: .loggedIn(entry.login.loginID))
        }
        guard context.config.bridge.relay.enabled, context.permissions.canUseRelay(user),
              let relay = try await loadRow()?.relayLoginID.map(LoginID.init),
              let session = await core.sessions.session(relay), let room = roomID else { return nil }
        return Route(session: session, sender: .relayed(through: relay, profile: await relayProfile(of: user, in: room)))
    }

    private func relayProfile(of user: UserID, in room: RoomID) async -> RelayedProfile {
        let member = try? await context.bot.getStateEvent(in: room, type: MemberContent.eventType, stateKey: user.rawValue)
        let name = member?["displayname"]?.stringValue ?? user.localpart
        let avatar = member?["avatar_url"]?.stringValue.flatMap { MXCURI(rawValue: $0) }
        return RelayedProfile(userID: user, displayName: name.isEmpty ? user.localpart : name, avatarURL: avatar)
    }

    private func requireRoute(for user: UserID) async throws -> Route {
        guard let route = try await route(for: user) else {
            throw CommandError("you are not logged in, and this room has no relay. Log in from your management room (a direct chat with the bot).")
        }
        return route
    }

    private func bridgeMatrixMessage(_ content: MessageContent, eventID: EventID, sender: UserID, room: RoomID) async throws {
        let route = try await requireRoute(for: sender)
        let message = try await outgoing(content, eventID: eventID, route: route)
        let sent = try await sendSplitting(message, route: route)
        try await record(eventID, room: room) { db in
            _ = try await self.context.messages.within(db).insert(MessagePartRow(
                chat: self.rowKey, remoteID: sent.remoteID.rawValue, mxid: eventID.rawValue, roomMXID: room.rawValue,
                senderRemoteID: route.session.selfUserID.rawValue, senderMXID: sender.rawValue,
                timestamp: sent.timestamp ?? Int64(Date().timeIntervalSince1970 * 1000),
                replyToRemoteID: message.replyTo?.rawValue))
        }
        acknowledge(eventID, in: room)
        BridgeMetrics.bridged(.toNetwork, "message")
    }

    private func bridgeMatrixEdit(_ content: MessageContent, eventID: EventID, sender: UserID, room: RoomID) async throws {
        guard let targetID = content.relatesTo?.eventID,
              let target = try await context.messages.byEventID(targetID.rawValue, in: room.rawValue) else { return }
        let route = try await requireRoute(for: sender)
        var message = try await outgoing(content.newContent ?? content, eventID: eventID, route: route)
        guard let session = route.session as? any EditingSession else {
            // Where edits don't exist, the correction goes out as a new message, as people write it by hand.
            message.text = "* " + message.text
            message.html = message.html.map { "* " + $0 }
            _ = try await sendSplitting(message, route: route)
            try await record(eventID, room: room) { _ in }
            acknowledge(eventID, in: room)
            return
        }
        let edited = message
        try await withTransientRetries {
            try await session.edit(RemoteMessageID(target.remoteID), in: self.key, to: edited, as: route.sender)
        }
        try await record(eventID, room: room) { db in
            _ = try await self.context.messages.within(db).recordEdit(of: target.remoteID, part: target.partID, in: self.rowKey)
        }
        acknowledge(eventID, in: room)
        BridgeMetrics.bridged(.toNetwork, "edit")
    }

    private func bridgeMatrixReaction(_ reaction: ReactionContent, eventID: EventID, sender: UserID, room: RoomID) async throws {
        guard let target = try await context.messages.byEventID(reaction.eventID.rawValue, in: room.rawValue) else { return }
        // A relay can't react on someone else's behalf; only the user's own login can.
        guard let route = try await route(for: sender), case .loggedIn = route.sender else { return }
        guard let session = route.session as? any ReactingSession else {
            throw RemoteSendError("\(context.network.displayName) has no reactions; your reaction was not bridged.")
        }
        let emojiID = try await withTransientRetries {
            try await session.react(to: RemoteMessageID(target.remoteID), in: self.key, emoji: reaction.key, as: route.sender)
        } ?? reaction.key
        try await record(eventID, room: room) { db in
            _ = try await self.context.reactions.within(db).upsert(ReactionRow(
                key: ReactionRowKey(chat: self.rowKey, targetRemoteID: target.remoteID, targetPartID: target.partID,
                                    senderRemoteID: session.selfUserID.rawValue, emojiID: emojiID),
                emoji: reaction.key, mxid: eventID.rawValue, roomMXID: room.rawValue,
                timestamp: Int64(Date().timeIntervalSince1970 * 1000)))
        }
        acknowledge(eventID, in: room)
        BridgeMetrics.bridged(.toNetwork, "reaction")
    }

    private func bridgeMatrixRedaction(of target: EventID, eventID: EventID, sender: UserID, room: RoomID) async throws {
        if let message = try await context.messages.byEventID(target.rawValue, in: room.rawValue) {
            let route = try await requireRoute(for: sender)
            guard let session = route.session as? any RedactingSession else {
                throw RemoteSendError("\(context.network.displayName) can't delete messages; it stays there.")
            }
            try await withTransientRetries {
                try await session.delete(RemoteMessageID(message.remoteID), in: self.key, as: route.sender)
            }
            try await record(eventID, room: room) { db in
                _ = try await self.context.messages.within(db).delete(message.remoteID, in: self.rowKey)
            }
        } else if let reaction = try await context.reactions.byEventID(target.rawValue, in: room.rawValue) {
            guard let route = try await route(for: sender), case .loggedIn = route.sender,
                  let session = route.session as? any ReactingSession else { return }
            try await withTransientRetries {
                try await session.removeReaction(reaction.key.emojiID, from: RemoteMessageID(reaction.key.targetRemoteID),
                                                 in: self.key, as: route.sender)
            }
            try await record(eventID, room: room) { db in
                _ = try await self.context.reactions.within(db).delete(reaction.key)
            }
        }
    }

    /// Sends a message, split into several when the network limits the size; the first piece's
    /// ID is the one edits, replies and redactions of the Matrix event refer to.
    private func sendSplitting(_ message: OutgoingMessage, route: Route) async throws -> SentMessage {
        guard let limit = context.network.capabilities.maxTextBytes, message.media == nil, message.text.utf8.count > limit else {
            return try await withTransientRetries { try await route.session.send(message, to: self.key, as: route.sender) }
        }
        var first: SentMessage?
        for piece in TextSplitter.split(message.text, maxBytes: limit) {
            var part = message
            part.text = piece
            part.html = nil
            if first != nil { part.replyTo = nil }
            let piece = part
            let sent = try await withTransientRetries { try await route.session.send(piece, to: self.key, as: route.sender) }
            if first == nil { first = sent }
        }
        guard let first else { throw RemoteSendError("The message was empty.") }
        return first
    }

    /// Converts Matrix content for the network.
    private func outgoing(_ content: MessageContent, eventID: EventID, route: Route) async throws -> OutgoingMessage {
        let capabilities = context.network.capabilities
        var kind: OutgoingMessage.Kind = .text
        var media: OutgoingMedia?
        var text = ReplyFallback.strip(content.body, isReply: content.relatesTo?.inReplyTo != nil)
        var html = capabilities.formatting == .html ? content.htmlBody.map { ReplyFallback.stripHTML($0) } : nil
        switch content.msgtype {
        case .notice: kind = .notice
        case .emote: kind = .emote
        case .image, .file, .audio, .video:
            let mediaKind = NetworkCapabilities.MediaKind(rawValue: content.msgtype.rawValue.replacingOccurrences(of: "m.", with: "")) ?? .file
            let fileName = content.filename ?? content.body
            if capabilities.media.contains(mediaKind), let url = content.file?.url ?? content.url {
                let (data, contentType) = try await plaintext(of: content, at: url)
                let publicURL = try await publicLink(for: content, url: url, plaintext: data, fileName: fileName)
                media = OutgoingMedia(data: data, fileName: fileName,
                                      mimeType: content.info?.mimetype ?? contentType, publicURL: publicURL)
                kind = .media(mediaKind)
            } else {
                // The network can't take the file: link it where people there can open it, or at
                // least say what it was rather than drop it.
                var described = content
                if let file = content.file, context.publicMedia != nil {
                    described.url = try await clearCopy(of: content, plaintext: try await plaintext(of: content, at: file.url).data,
                                                        fileName: fileName)
                    described.file = nil
                }
                text = MediaFallbackText.describe(described, kind: mediaKind, links: context.publicMedia)
                html = nil
            }
        default: break
        }
        if case .relayed(_, let profile) = route.sender, capabilities.relayStyle == .prefixedText {
            text = context.network.relayText(sender: profile, message: text, format: context.config.bridge.relay.messageFormat)
            html = nil
        }
        let room = roomID?.rawValue ?? ""
        var replyTo: RemoteMessageID?
        if let target = content.relatesTo?.replyTarget, let part = try await context.messages.byEventID(target.rawValue, in: room) {
            replyTo = RemoteMessageID(part.remoteID)
        }
        var threadRoot: RemoteMessageID?
        if capabilities.threads, content.relatesTo?.relType == .thread, let root = content.relatesTo?.eventID,
           let part = try await context.messages.byEventID(root.rawValue, in: room) {
            threadRoot = RemoteMessageID(part.remoteID)
        }
        return OutgoingMessage(kind: kind, text: text, html: html, media: media, replyTo: replyTo, threadRoot: threadRoot,
                               eventID: eventID)
    }

    /// Marks the event handled together with what its bridging stored, in one transaction.
    func record(_ eventID: EventID, room: RoomID, _ body: @Sendable (any SQLDatabase) async throws -> Void) async throws {
        try await context.database.transaction { db in
            try await body(db)
            _ = try await self.context.processed.within(db).markIfNew(eventID.rawValue, in: room.rawValue)
        }
    }

    /// The bot's read receipt says "delivered"; it is not awaited, so it doesn't delay the queue.
    private func acknowledge(_ eventID: EventID, in room: RoomID) {
        let bot = context.bot
        let logger = logger
        Task {
            do { try await bot.sendReceipt(in: room, event: eventID) } catch {
                logger.debug("Read receipt not sent", metadata: ["error": "\(error)"])
            }
        }
    }

    /// The file's bytes: downloaded, and decrypted when it comes from an encrypted room (the
    /// homeserver holds ciphertext; the key is in the event).
    private func plaintext(of content: MessageContent, at url: MXCURI) async throws -> (data: [UInt8], contentType: String?) {
        let downloaded = try await context.bot.download(url, maxBytes: 100 << 20)
        let data = Array(downloaded.body.readableBytesView)
        guard let file = content.file else { return (data, downloaded.contentType) }
        return (Array(try AttachmentCrypto.decrypt(data, file: file)), nil)
    }

    /// The `public_media` link people on the network open the file with.
    private func publicLink(for content: MessageContent, url: MXCURI, plaintext: [UInt8], fileName: String) async throws -> String? {
        guard let links = context.publicMedia else { return nil }
        guard content.file != nil else { return links.link(for: url, fileName: fileName) }
        return links.link(for: try await clearCopy(of: content, plaintext: plaintext, fileName: fileName), fileName: fileName)
    }

    /// An encrypted file uploaded again in the clear, for a public link: the upload itself is
    /// ciphertext, and the link makes the file public anyway, as the sender asked by sending it
    /// to that network.
    private func clearCopy(of content: MessageContent, plaintext: [UInt8], fileName: String) async throws -> MXCURI {
        try await context.bot.upload(Data(plaintext), contentType: content.info?.mimetype ?? "application/octet-stream", filename: fileName)
    }

    /// Tells the sender why their event did not reach the network: an `m.notice` replying to it.
    /// - Parameter later: set for a failure the network reported after the send (one per
    ///   recipient of a group text), so each gets its own notice.
    func reportFailure(_ reason: String, eventID: EventID, room: RoomID, later: Bool = false) async {
        BridgeMetrics.deliveryFailed()
        var notice = MessageContent.notice("⚠️ Not delivered: \(reason)")
        notice.relatesTo = .reply(to: eventID)
        do {
            _ = try await context.bot.sendMessageEvent(to: room, type: MessageContent.eventType, content: notice.json,
                                                       transactionID: transactionID("fail", eventID.rawValue, later ? StableHash.hex(reason) : ""))
            _ = try await context.processed.markIfNew(eventID.rawValue, in: room.rawValue)
        } catch {
            logger.error("Failure notice not sent", metadata: ["event": "\(eventID)", "error": "\(error)"])
        }
    }

    /// Retries a network call that failed with a transient ``RemoteSendError`` (a reconnecting
    /// session), with backoff, holding the portal queue so order is kept.
    func withTransientRetries<T: Sendable>(_ call: @Sendable () async throws -> T) async throws -> T {
        var delay = Duration.milliseconds(500)
        for _ in 0..<6 {
            do {
                return try await call()
            } catch let error as RemoteSendError where error.isTransient {
                logger.info("Network call failed, retrying", metadata: ["reason": "\(error.userMessage)"])
                try await Task.sleep(for: delay)
                delay *= 2
            }
        }
        return try await call()
    }
}
