import Pontoon

/// What the `join` and `nick` commands ask of a session: they wait for the server's answer so the
/// user hears "banned" or "nick in use" right away.
extension IRCSession {
    /// Joins `channel`; throws a readable error when the server refuses (banned, invite only, key…).
    func joinChannel(_ channel: String, key: String?) async throws {
        let support = await client.isupport
        guard support.isChannel(channel), !channel.contains(where: { $0 == " " || $0 == "," || $0.asciiValue.map { $0 < 32 } == true }) else {
            throw CommandError("\(channel) is not a channel name on \(serverName) (channels start with \(String(support.channelTypes.sorted())))")
        }
        guard await client.waitUntilReady(timeout: .seconds(30)) else {
            throw CommandError("you are not connected to \(serverName) right now (reconnecting); try again shortly")
        }
        let folded = await client.fold(channel)
        let answer = OneShot<String>()
        state.withLock { $0.pendingJoins[folded, default: []].append(answer) }
        do {
            try await client.join(channel, key: key)
        } catch {
            throw CommandError("could not send the join: \(String(describing: error))")
        }
        switch await answer.value(timeout: .seconds(20)) {
        case nil:
            throw CommandError("\(serverName) did not answer the join of \(channel) in time")
        case "":
            return
        case let refusal?:
            await client.forgetChannel(channel)
            throw CommandError("\(serverName) refused to let you join \(channel): \(refusal)")
        }
    }

    /// Changes the nick; returns the nick the server confirmed.
    func changeNick(to wanted: String) async throws -> String {
        guard NickRules.sanitize(wanted, maxLength: 64) == wanted else { throw CommandError("\"\(wanted)\" is not a valid IRC nick") }
        guard await client.waitUntilReady(timeout: .seconds(30)) else {
            throw CommandError("you are not connected to \(serverName) right now (reconnecting); try again shortly")
        }
        let answer = OneShot<String>()
        state.withLock { $0.pendingNick = answer }
        await client.want(nick: wanted)
        try await client.send(.nick(wanted))
        switch await answer.value(timeout: .seconds(20)) {
        case nil: throw CommandError("\(serverName) did not answer the nick change in time")
        case let result? where result.hasPrefix("!"): throw CommandError("\(serverName) refused the nick \(wanted): \(result.dropFirst())")
        case let nick?: return nick
        }
    }

    /// Completes waiting commands from the server's answers (end of NAMES after a join, own NICK,
    /// join and nick errors).
    func resolveCommandAnswers(_ message: IRCMessage, from folded: String, isSelf: Bool) async {
        let parameters = message.parameters
        switch message.command {
        case "NOTICE" where parameters.count >= 2:
            let waiting = state.withLock { state -> OneShot<String>? in
                guard let pending = state.pendingServiceAnswer, pending.nick == folded else { return nil }
                state.pendingServiceAnswer = nil
                return pending.answer
            }
            waiting?.fulfill(parameters[1])
        case "366":
            // End of NAMES after our JOIN: the roster knows who is there and with which modes.
            guard parameters.count >= 2 else { return }
            let folded = await client.fold(parameters[1])
            state.withLock { $0.pendingJoins.removeValue(forKey: folded) }?.forEach { $0.fulfill("") }
        case "NICK" where isSelf:
            state.withLock { state in defer { state.pendingNick = nil }; return state.pendingNick }?.fulfill(parameters.first ?? "")
        case "471", "473", "474", "475", "477", "403", "405", "476", "437", "520":
            guard parameters.count >= 2 else { return }
            let folded = await client.fold(parameters[1])
            let reason = Self.joinRefusal(message.command, text: parameters.last ?? "")
            if let waiters = state.withLock({ $0.pendingJoins.removeValue(forKey: folded) }) {
                waiters.forEach { $0.fulfill(reason) }
            } else if await client.isupport.isChannel(parameters[1]) {
                // A rejoin after a reconnect was refused: say so in the portal, and stop trying.
                await client.forgetChannel(parameters[1])
                notify(channel: folded, "Could not rejoin \(parameters[1]) on \(serverName): \(reason). Use join to try again.")
            } else if message.command == "437" {
                state.withLock { state in defer { state.pendingNick = nil }; return state.pendingNick }?.fulfill("!" + (parameters.last ?? "unavailable"))
            }
        case "482":
            // Not a channel operator: a topic change is answered to its sender, a Matrix kick in the room.
            guard parameters.count >= 2, await client.isupport.isChannel(parameters[1]) else { return }
            let folded = await client.fold(parameters[1])
            let reason = "you need to be a channel operator"
            if !resolveTopic(channel: folded, refusal: reason) {
                notify(channel: folded, "\(serverName) refused that in \(parameters[1]): \(reason)")
            }
        case "401", "404":
            // A message did not arrive: no such nick (a PM to someone gone), or the channel refuses
            // it (+m, +n). The sender is told in the chat, rather than believing it was read.
            guard parameters.count >= 2 else { return }
            let target = parameters[1]
            let folded = await client.fold(target)
            if await client.isupport.isChannel(target) {
                notify(channel: folded, "\(serverName) did not deliver your last message to \(target): \(parameters.last ?? "cannot send")")
            } else {
                let portal = PortalKey(chatID: IRCIdentifiers.chat(server: serverName, foldedName: folded), receiver: loginID)
                events.push(RemoteEvent(portal: portal, sender: RemoteSender(userID: selfUserID, login: loginID, isFromMe: true),
                                        kind: .bridgeNotice("\(target) is not on \(serverName) right now: your last message was not delivered.")))
            }
        case "TOPIC" where isSelf:
            guard let channel = parameters.first else { return }
            _ = resolveTopic(channel: await client.fold(channel), refusal: nil)
                case "432", "433", "436":
            let reason = message.command == "433" ? "it is already in use" : (parameters.last ?? "refused")
            state.withLock { state in defer { state.pendingNick = nil }; return state.pendingNick }?.fulfill("!" + reason)
        default:
            return
        }
    }

    /// Posts a notice from the bridge bot into a channel's portal room.
    func notify(channel foldedChannel: String, _ text: String) {
        let portal = PortalKey(chatID: IRCIdentifiers.chat(server: serverName, foldedName: foldedChannel))
        events.push(RemoteEvent(portal: portal, sender: RemoteSender(userID: selfUserID, login: loginID, isFromMe: true),
                                kind: .bridgeNotice(text)))
    }

    static func joinRefusal(_ numeric: String, text: String) -> String {
        switch numeric {
        case "471": "the channel is full"
        case "473": "the channel is invite-only"
        case "474": "you are banned from it"
        case "475": "it needs the right key (join <#channel> <key>)"
        case "477": "you need a registered nick to join it"
        case "403", "476": "there is no such channel"
        case "405": "you are in too many channels"
        default: text
        }
    }
}
