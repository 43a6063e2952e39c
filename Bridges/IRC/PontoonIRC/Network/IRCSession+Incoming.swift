import Pontoon
import PontoonMatrix

/// IRC → Matrix: what a session hears becomes remote events. In a channel only the channel's
/// reader session reports (see ``IRCServerDirectory``), and lines from the bridge's own puppets
/// are skipped there (they came from Matrix). Private messages are always the receiver's own.
extension IRCSession {
    func handle(_ event: IRCClientEvent) async {
        switch event {
        case .ready(let nick):
            let folded = await client.fold(nick)
            state.withLock { state in
                state.foldedNick = folded
                state.spelling[folded] = nick
            }
            await directory.setNick(folded, of: loginID, owner: login.owner.rawValue)
        case .disconnected:
            await directory.disconnected(loginID)
        case .failed(let reason):
            logger.error("IRC login stopped", metadata: ["reason": "\(reason)"])
            await directory.disconnected(loginID)
        case .channelsChanged(let channels):
            let credentials = updateCredentials { $0.channels = channels }
            await events.saveLoginMetadata(loginID, credentials.metadata)
        case .line(let message, let isEcho, let sourceChannels):
            guard !isEcho else { return }  // our own messages, already on Matrix
            await handleLine(message, sourceChannels: sourceChannels)
        }
    }

    private func handleLine(_ message: IRCMessage, sourceChannels: [String]) async {
        let folded = await client.fold(message.source?.nick ?? "")
        let isSelf = folded == state.withLock { $0.foldedNick }
        await resolveCommandAnswers(message, from: folded, isSelf: isSelf)
        guard let source = message.source, !source.isServer else { return }
        state.withLock { $0.spelling[folded] = source.nick }
        let parameters = message.parameters
        switch message.command {
        case "PRIVMSG", "NOTICE":
            guard parameters.count >= 2, !isSelf else { return }
            // What a relay of ours sent with RELAYMSG comes back from the spoofed nick, tagged with
            // the relay's: it is already on Matrix.
            if let relayer = message.tags["draft/relaymsg"] ?? message.tags["relaymsg"],
               await directory.isPuppet(await client.fold(relayer)) { return }
            await handleText(message, from: source.nick, folded: folded, target: parameters[0], text: parameters[1])
        case "TAGMSG":
            guard let portal = await portal(forTarget: parameters.first ?? "", from: folded) else { return }
            if let typing = message.tags["+typing"] {
                push(portal, from: folded, timestamp: message.serverTime, .typing(typing == "active"))
            }
            if let target = message.tags["+draft/reply"].map(RemoteMessageID.init) {
                if let emoji = message.tags["+draft/react"], !emoji.isEmpty {
                    push(portal, from: folded, timestamp: message.serverTime, .reaction(target: target, emoji: emoji, emojiID: emoji))
                } else if let emoji = message.tags["+draft/unreact"], !emoji.isEmpty {
                    push(portal, from: folded, timestamp: message.serverTime, .reactionRemoved(target: target, emojiID: emoji))
                }
            }
        case "JOIN":
            guard let channel = parameters.first else { return }
            let foldedChannel = await client.fold(channel)
            if isSelf { return await directory.joined(foldedChannel, login: loginID) }
            // Back from a netsplit: the ghost never left the room, so there is nothing to show.
            if state.withLock({ $0.splitQuits.removeValue(forKey: folded) }).map({ $0.cancel() }) != nil { return }
            await pushToChannel(foldedChannel, from: folded, timestamp: message.serverTime, .membership(.joined))
        case "PART":
            guard let channel = parameters.first else { return }
            let foldedChannel = await client.fold(channel)
            if isSelf { return await directory.left(foldedChannel, login: loginID) }
            await pushToChannel(foldedChannel, from: folded, timestamp: message.serverTime, .membership(.left(reason: parameters.dropFirst().first)))
        case "KICK":
            guard parameters.count >= 2 else { return }
            let foldedChannel = await client.fold(parameters[0])
            let kicked = await client.fold(parameters[1])
            if kicked == state.withLock({ $0.foldedNick }) {
                await client.forgetChannel(parameters[0])
                await directory.left(foldedChannel, login: loginID)
                let reason = parameters.dropFirst(2).first.map { ": \($0)" } ?? ""
                return notify(channel: foldedChannel, "\(source.nick) kicked you from \(parameters[0])\(reason). Use join to go back.")
            }
            let by = IRCIdentifiers.user(server: serverName, foldedNick: folded)
            await pushToChannel(foldedChannel, from: kicked, timestamp: message.serverTime,
                                .membership(.removed(by: by, reason: parameters.dropFirst(2).first)))
        case "QUIT":
            if let splitReason = parameters.first, Netsplit.isSplitQuit(splitReason) {
                return scheduleSplitLeave(of: folded, channels: sourceChannels, reason: splitReason)
            }
            let reason = parameters.first.map { "Quit: \($0)" }
            for channel in sourceChannels {
                await pushToChannel(await client.fold(channel), from: folded, timestamp: message.serverTime, .membership(.left(reason: reason)))
            }
        case "NICK":
            guard let newNick = parameters.first else { return }
            let newFolded = await client.fold(newNick)
            state.withLock { $0.spelling[newFolded] = newNick }
            if isSelf {
                state.withLock { $0.foldedNick = newFolded }
                return await directory.setNick(newFolded, of: loginID, owner: login.owner.rawValue)
            }
            // Ghosts are named by nick: the old one leaves and the new one joins, so nobody sees
            // both names in the member list.
            for channel in sourceChannels {
                let foldedChannel = await client.fold(channel)
                await pushToChannel(foldedChannel, from: folded, timestamp: message.serverTime,
                                    .membership(.left(reason: "changed nick to \(newNick)")))
                await pushToChannel(foldedChannel, from: newFolded, timestamp: message.serverTime, .membership(.joined))
            }
        case "REDACT":
            // draft/message-redaction: "<target> <msgid> [reason]".
            guard parameters.count >= 2, !isSelf, let portal = await portal(forTarget: parameters[0], from: folded) else { return }
            push(portal, from: folded, timestamp: message.serverTime, .delete(target: RemoteMessageID(parameters[1])))
        case "MODE":
            guard let target = parameters.first, await client.isupport.isChannel(target), let channel = await client.channel(target) else { return }
            let levels = await powerLevels(of: channel)
            await pushToChannel(await client.fold(target), from: folded, timestamp: message.serverTime,
                                .chatInfoChanged(ChatInfo(kind: .group, powerLevels: levels)))
        case "TOPIC":
            guard parameters.count >= 2 else { return }
            await pushToChannel(await client.fold(parameters[0]), from: folded, timestamp: message.serverTime,
                                .chatInfoChanged(ChatInfo(kind: .group, topic: parameters[1])))
        default:
            return
        }
    }

    /// A netsplit quit is shown only if the user has not come back after ``splitGrace``: most do,
    /// and a room full of leaves and joins for a split nobody on Matrix caused is noise.
    private func scheduleSplitLeave(of folded: String, channels: [String], reason: String) {
        let task = Task { [weak self] in
            try? await Task.sleep(for: Self.splitGrace)
            guard !Task.isCancelled, let self, self.state.withLock({ $0.splitQuits.removeValue(forKey: folded) }) != nil else { return }
            for channel in channels {
                await self.pushToChannel(await self.client.fold(channel), from: folded, timestamp: nil,
                                         .membership(.left(reason: "Netsplit: \(reason)")))
            }
        }
        state.withLock { $0.splitQuits[folded]?.cancel(); $0.splitQuits[folded] = task }
    }

    static let splitGrace = Duration.seconds(60)

    private func handleText(_ message: IRCMessage, from nick: String, folded: String, target: String, text: String) async {
        guard let portal = await portal(forTarget: target, from: folded) else { return }
        var body = text
        var msgtype = message.command == "NOTICE" ? MessageType.notice : .text
        if let ctcp = CTCP.parse(text) {
            guard ctcp.command == "ACTION", message.command == "PRIVMSG" else { return }  // VERSION, PING…: not chat
            body = ctcp.argument
            msgtype = .emote
        }
        let owners = await directory.puppetOwners
        let support = await client.isupport
        let converted = IRCToMatrix.convert(body) { candidate in
            owners[support.caseMapping.fold(candidate)].map { IRCMention(nick: candidate, userID: $0, displayName: candidate) }
        }
        var content = MessageContent(msgtype: msgtype, body: converted.body)
        if let html = converted.html {
            content.format = MessageContent.htmlFormat
            content.formattedBody = html
        }
        let id = message.msgID ?? nextSyntheticID()
        state.withLock { $0.senders.remember(id, nick: nick) }
        let remote = RemoteMessage(id: RemoteMessageID(id), parts: [RemoteMessage.Part(id: "", content: content)],
                                   replyTo: message.tags["+draft/reply"].map(RemoteMessageID.init))
        push(portal, from: folded, timestamp: message.serverTime, .message(remote))
    }

    /// The portal a PRIVMSG/NOTICE/TAGMSG to `target` belongs to, or nil when this session must
    /// not report it (another session reads the channel, or a puppet of ours spoke there).
    private func portal(forTarget rawTarget: String, from folded: String) async -> PortalKey? {
        let support = await client.isupport
        // "@#chan" (STATUSMSG) is a message to the channel's ops: still the channel.
        var target = Substring(rawTarget)
        while let first = target.first, support.mode(forPrefix: first) != nil, target.count > 1 { target = target.dropFirst() }
        guard support.isChannel(String(target)) else {
            return PortalKey(chatID: IRCIdentifiers.chat(server: serverName, foldedName: folded), receiver: loginID)
        }
        let channel = await client.fold(String(target))
        guard await directory.isReader(loginID, of: channel), !(await directory.isPuppet(folded)) else { return nil }
        return PortalKey(chatID: IRCIdentifiers.chat(server: serverName, foldedName: channel))
    }

    private func pushToChannel(_ foldedChannel: String, from folded: String, timestamp: Int64?, _ kind: RemoteEvent.Kind) async {
        guard await directory.isReader(loginID, of: foldedChannel), !(await directory.isPuppet(folded)) else { return }
        push(PortalKey(chatID: IRCIdentifiers.chat(server: serverName, foldedName: foldedChannel)), from: folded,
             timestamp: timestamp, kind)
    }

    private func push(_ portal: PortalKey, from folded: String, timestamp: Int64?, _ kind: RemoteEvent.Kind) {
        let sender = RemoteSender(userID: IRCIdentifiers.user(server: serverName, foldedNick: folded), login: loginID)
        events.push(RemoteEvent(portal: portal, sender: sender, timestamp: timestamp, kind: kind))
    }
}
