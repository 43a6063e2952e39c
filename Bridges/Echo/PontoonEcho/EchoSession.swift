import Foundation
import Synchronization
import Pontoon
import PontoonMatrix

/// One login on the echo network. In a direct chat `dm:<name>` the user `<name>` answers; in a
/// group `#<name>` the user `echo` does. What they answer depends on what they are told:
/// `edit`, `delete`, `react`, `read`, `typing`, `picture`, `rename <name>`, `nick <name>`, `invite <name>`,
/// `burst <n>`, `mirror <text>` (the logged-in user "sends" `<text>` from their native client);
/// anything else is echoed back (in the same thread, replying to the same message).
struct EchoSession: EditingSession, RedactingSession, ReactingSession, TypingSession, ReadReceiptSession, ChatStartingSession,
    BackfillingSession {
    let login: StoredLogin
    let server: EchoServer
    let events: any RemoteEventSink
    let replyDelay: Duration
    let historyReported = OnceFlag()

    var loginID: LoginID { login.loginID }
    var selfUserID: RemoteUserID { RemoteUserID(login.loginID.rawValue) }

    /// Reports the chats' history; the core skips what it already bridged. A new login is greeted.
    func connect() async throws {
        try reportHistoryOnce()
    }

    /// Reports the history once per run, from `connect` or from the first `send`, whichever comes
    /// first: after a crash, Matrix events redelivered before the session connected must not have
    /// their answers bridged ahead of answers the crash held back.
    private func reportHistoryOnce() throws {
        guard historyReported.claim() else { return }
        let dm = RemoteChatID("dm:echo")
        if server.messages(where: { $0.chat == dm.rawValue && $0.receiver == loginID.rawValue }).isEmpty {
            _ = try server.append([EchoRecord(op: .message, id: "", chat: dm.rawValue, receiver: loginID.rawValue, sender: "echo",
                                              text: "Hello \(login.remoteName)! I echo what you say.")])
        }
        // Messages that came from Matrix (they carry the event ID as key) are not reported again: the
        // bridge redelivers those itself, and a copy from here would show up as a second message.
        for record in server.messages(where: { ($0.receiver == loginID.rawValue || $0.receiver.isEmpty) && $0.key == nil }) {
            events.push(messageEvent(record))
        }
    }

    func disconnect() async {}

    func send(_ message: OutgoingMessage, to portal: PortalKey, as sender: OutgoingSender) async throws -> SentMessage {
        // The Matrix event ID is the idempotency key: a resend after a crash finds the first send.
        try reportHistoryOnce()
        if let id = server.message(forKey: message.eventID.rawValue) { return SentMessage(remoteID: RemoteMessageID(id)) }
        var mine = EchoRecord(op: .message, id: message.eventID.rawValue, chat: portal.chatID.rawValue,
                              receiver: portal.receiver?.rawValue ?? "", sender: selfUserID.rawValue, text: message.text,
                              replyTo: message.replyTo?.rawValue, thread: message.threadRoot?.rawValue, key: message.eventID.rawValue)
        mine.media = message.media.map { "\($0.fileName) (\($0.data.count) bytes)" }
        let (records, events) = answer(to: mine, in: portal)
        // The message and its answers are stored in one write: a crash leaves all of them or none.
        let stored = try server.append([mine] + records)
        // Like IRC's echo-message, the network reports the user's own message back; the core skips it.
        report(stored.filter { $0.op == .message }.map(messageEvent) + events)
        return SentMessage(remoteID: RemoteMessageID(mine.id))
    }

    /// What the answering user does after `message`: records to store, and events that only report.
    private func answer(to message: EchoRecord, in portal: PortalKey) -> (records: [EchoRecord], events: [RemoteEvent]) {
        let responder = responder(of: portal)
        let words = message.text.split(separator: " ", maxSplits: 1).map(String.init)
        let last = server.messages { $0.chat == message.chat && $0.receiver == message.receiver && $0.sender == responder }.last
        var reply = EchoRecord(op: .message, id: "", chat: message.chat, receiver: message.receiver, sender: responder,
                               text: message.text, replyTo: message.replyTo, echoOf: message.id, thread: message.thread)
        switch (words.first?.lowercased(), last) {
        case ("edit", let last?):
            let edited = RemoteMessage.text(RemoteMessageID(last.id), "(edited) " + last.text)
            return ([], [event(from: responder, in: portal, .edit(target: RemoteMessageID(last.id), newContent: edited))])
        case ("delete", let last?):
            return ([EchoRecord(op: .delete, id: last.id)], [event(from: responder, in: portal, .delete(target: RemoteMessageID(last.id)))])
        case ("react", _):
            return ([], [event(from: responder, in: portal, .reaction(target: RemoteMessageID(message.id), emoji: "👍", emojiID: "👍"))])
        case ("typing", _):
            return ([], [event(from: responder, in: portal, .typing(true))])
        case ("read", _):
            return ([], [event(from: responder, in: portal, .readReceipt(upTo: RemoteMessageID(message.id)))])
        case ("picture", _):
            let image = MessageContent(msgtype: .image, body: "echo.svg", info: MediaInfo(mimetype: "image/svg+xml"))
            let media = OutgoingMedia(data: Array(Self.picture.utf8), fileName: "echo.svg", mimeType: "image/svg+xml")
            let picture = RemoteMessage(id: RemoteMessageID("picture-" + message.id), parts: [.init(id: "", content: image, media: media)])
            return ([], [event(from: responder, in: portal, .message(picture))])
        case ("rename", _) where words.count > 1:
            let kind: ChatInfo.Kind = message.chat.hasPrefix("dm:") ? .direct(with: RemoteUserID(responder)) : .group
            return ([], [event(from: responder, in: portal, .chatInfoChanged(ChatInfo(kind: kind, name: words[1])))])
        case ("nick", _) where words.count > 1:
            return ([], [event(from: responder, in: portal, .userInfoChanged(RemoteUserInfo(displayName: words[1])))])
        case ("invite", _) where words.count > 1:
            return ([], [event(from: words[1].lowercased(), in: portal, .membership(.joined))])
        case ("burst", _):
            let count = max(1, min(Int(words.count > 1 ? words[1] : "") ?? 10, 1000))
            return ((1...count).map { index in
                EchoRecord(op: .message, id: "", chat: message.chat, receiver: message.receiver, sender: responder,
                           text: "burst \(index)/\(count)", echoOf: message.id)
            }, [])
        case ("mirror", _) where words.count > 1:
            reply.sender = selfUserID.rawValue
            reply.text = words[1]
        default:
            break
        }
        if let media = message.media { reply.text = "got \(media)" }
        return ([reply], [])
    }

    private static let picture = #"<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"><rect width="8" height="8"/></svg>"#

    func edit(_ target: RemoteMessageID, in portal: PortalKey, to message: OutgoingMessage, as sender: OutgoingSender) async throws {
        guard let echo = server.messages(where: { $0.echoOf == target.rawValue }).first else { return }
        report([event(from: echo.sender, in: portal, .edit(target: RemoteMessageID(echo.id), newContent: .text(RemoteMessageID(echo.id), message.text)))])
    }

    func delete(_ target: RemoteMessageID, in portal: PortalKey, as sender: OutgoingSender) async throws {
        let echoes = server.messages(where: { $0.echoOf == target.rawValue })
        _ = try server.append([EchoRecord(op: .delete, id: target.rawValue)] + echoes.map { EchoRecord(op: .delete, id: $0.id) })
        report(echoes.map { event(from: $0.sender, in: portal, .delete(target: RemoteMessageID($0.id))) })
    }

    func react(to target: RemoteMessageID, in portal: PortalKey, emoji: String, as sender: OutgoingSender) async throws -> String? {
        report([event(from: responder(of: portal), in: portal, .reaction(target: target, emoji: emoji, emojiID: emoji))])
        return emoji
    }

    func removeReaction(_ emojiID: String, from target: RemoteMessageID, in portal: PortalKey, as sender: OutgoingSender) async throws {
        report([event(from: responder(of: portal), in: portal, .reactionRemoved(target: target, emojiID: emojiID))])
    }

    func setTyping(_ typing: Bool, in portal: PortalKey) async throws {}

    func markRead(upTo target: RemoteMessageID, in portal: PortalKey) async throws {}

    func startChat(with identifier: String) async throws -> PortalKey {
        let name = identifier.trimmingCharacters(in: .whitespaces).lowercased()
        guard name.count > 1 || (!name.isEmpty && name != "#") else { throw CommandError("Give a name, or #group.") }
        return name.hasPrefix("#") ? PortalKey(chatID: RemoteChatID(name)) : PortalKey(chatID: RemoteChatID("dm:" + name), receiver: loginID)
    }

    /// The echo user says `text` in the login's echo chat (the `shout` command).
    func shout(_ text: String) throws {
        let record = EchoRecord(op: .message, id: "", chat: "dm:echo", receiver: loginID.rawValue, sender: "echo", text: text)
        report(try server.append([record]).map(messageEvent))
    }

    func fetchHistory(_ portal: PortalKey, limit: Int) async throws -> [RemoteEvent] {
        server.messages { portalKey($0) == portal }.suffix(limit).map(messageEvent)
    }

    func chatInfo(_ portal: PortalKey) async throws -> ChatInfo {
        let chat = portal.chatID.rawValue
        if chat.hasPrefix("dm:") { return ChatInfo(kind: .direct(with: RemoteUserID(String(chat.dropFirst(3))))) }
        return ChatInfo(kind: .group, name: chat, topic: "An echo group", members: ["echo"])
    }

    func userInfo(_ user: RemoteUserID) async throws -> RemoteUserInfo {
        RemoteUserInfo(displayName: user.rawValue == "echo" ? "Echo" : user.rawValue.capitalized)
    }

    // MARK: - Helpers

    private func responder(of portal: PortalKey) -> String {
        portal.chatID.rawValue.hasPrefix("dm:") ? String(portal.chatID.rawValue.dropFirst(3)) : "echo"
    }

    private func portalKey(_ record: EchoRecord) -> PortalKey {
        PortalKey(chatID: RemoteChatID(record.chat), receiver: record.receiver.isEmpty ? nil : LoginID(record.receiver))
    }

    private func messageEvent(_ record: EchoRecord) -> RemoteEvent {
        let message = RemoteMessage(id: RemoteMessageID(record.id), parts: [.init(id: "", content: .text(record.text))],
                                    replyTo: record.replyTo.map(RemoteMessageID.init), threadRoot: record.thread.map(RemoteMessageID.init))
        return event(from: record.sender, in: portalKey(record), .message(message))
    }

    private func event(from sender: String, in portal: PortalKey, _ kind: RemoteEvent.Kind) -> RemoteEvent {
        RemoteEvent(portal: portal, sender: RemoteSender(userID: RemoteUserID(sender), login: loginID,
                                                         isFromMe: sender == selfUserID.rawValue), kind: kind)
    }

    /// Pushes events after the configured delay, without holding up the caller.
    private func report(_ events: [RemoteEvent]) {
        guard replyDelay > .zero else { return events.forEach(self.events.push) }
        let sink = self.events
        let delay = replyDelay
        Task {
            try? await Task.sleep(for: delay)
            events.forEach(sink.push)
        }
    }
}

/// True for the first `claim()` only, from any thread.
final class OnceFlag: Sendable {
    private let claimed = Mutex(false)

    func claim() -> Bool {
        claimed.withLock { claimed in
            defer { claimed = true }
            return !claimed
        }
    }
}
