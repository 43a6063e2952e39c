import Crypto
import Foundation
import Logging
import Pontoon
import PontoonMatrix
import Synchronization

/// One login's number: texts out through its provider, texts and delivery reports in from the
/// provider's webhooks (``SMSWebhookRoutes`` finds the session by its webhook key).
final class SMSSession: RemoteSession, ChatStartingSession, InviteChatSession {
    let loginID: LoginID
    let number: PhoneNumber
    let provider: any SMSProvider
    /// Fetches an inbound MMS attachment (Twilio media URLs want the account's credentials).
    let fetchMedia: @Sendable (IncomingMedia) async throws -> (data: [UInt8], contentType: String)
    let config: SMSBridgeConfig
    let events: any RemoteEventSink
    private let state: Mutex<State>
    private let directory: SMSWebhookDirectory
    private let logger: Logger

    private struct State {
        var metadata: SMSLoginMetadata
        /// Recipients each Matrix event already reached, so a retried group text skips them.
        var reached: [EventID: Set<String>] = [:]
    }

    init(loginID: LoginID, metadata: SMSLoginMetadata, provider: any SMSProvider,
         fetchMedia: @escaping @Sendable (IncomingMedia) async throws -> (data: [UInt8], contentType: String),
         config: SMSBridgeConfig, events: any RemoteEventSink, directory: SMSWebhookDirectory) throws {
        guard let number = PhoneNumber(e164: metadata.number) else {
            throw LoginError(userMessage: "The stored number \(metadata.number) is not valid; log in again.")
        }
        self.loginID = loginID
        self.number = number
        self.provider = provider
        self.fetchMedia = fetchMedia
        self.config = config
        self.events = events
        self.directory = directory
        state = Mutex(State(metadata: metadata))
        var logger = Logger.pontoon("sms")
        logger[metadataKey: "login"] = "\(loginID)"
        self.logger = logger
    }

    var metadata: SMSLoginMetadata { state.withLock { $0.metadata } }
    var selfUserID: RemoteUserID { RemoteUserID(SMSAddress.number(number).remoteID) }

    func connect() async throws {
        directory.register(self, key: metadata.webhookKey)
    }

    func disconnect() async {
        directory.unregister(key: metadata.webhookKey)
    }

    // MARK: - Chats

    func chatInfo(_ portal: PortalKey) async throws -> ChatInfo {
        switch try chat(of: portal) {
        case .direct(let address):
            return ChatInfo(kind: .direct(with: RemoteUserID(address.remoteID)), members: [RemoteUserID(address.remoteID)])
        case .group(let numbers):
            return ChatInfo(kind: .group, name: "SMS: " + numbers.map(\.e164).joined(separator: ", "),
                            members: SMSChat.group(numbers).members)
        }
    }

    func userInfo(_ user: RemoteUserID) async throws -> RemoteUserInfo {
        guard let address = SMSAddress(remoteID: user.rawValue) else { return RemoteUserInfo(displayName: user.rawValue) }
        return RemoteUserInfo(displayName: address.displayName)
    }

    func startChat(with identifier: String) async throws -> PortalKey {
        do {
            let number = try PhoneNumber(parsing: identifier, defaultCountry: config.defaultCountry)
            return PortalKey(chatID: SMSChat.direct(.number(number)).chatID, receiver: loginID)
        } catch {
            throw RemoteSendError(error.userMessage)
        }
    }

    func chat(for users: [RemoteUserID], isDirect: Bool, current: PortalKey?) async throws -> PortalKey {
        let numbers = try users.map { user -> PhoneNumber in
            guard case .number(let number)? = SMSAddress(remoteID: user.rawValue) else {
                throw RemoteSendError("\(user.rawValue) is a sender name, not a number: it can't be texted.")
            }
            return number
        }.filter { $0 != number }
        guard !numbers.isEmpty else { throw RemoteSendError("Invite the numbers you want to text.") }
        let key = PortalKey(chatID: SMSChat.of(numbers).chatID, receiver: loginID)
        if let current, current != key {
            throw RemoteSendError("The people in an SMS group are fixed: make a new room with everyone to text another group.")
        }
        return key
    }

    private func chat(of portal: PortalKey) throws -> SMSChat {
        guard let chat = SMSChat(portal.chatID) else { throw RemoteSendError("This room's SMS chat (\(portal.chatID)) is not valid.") }
        return chat
    }

    // MARK: - Sending

    func send(_ message: OutgoingMessage, to portal: PortalKey, as sender: OutgoingSender) async throws -> SentMessage {
        let chat = try chat(of: portal)
        let recipients: [PhoneNumber]
        switch chat {
        case .direct(.number(let number)): recipients = [number]
        case .direct(.alphanumeric(let name)): throw RemoteSendError("\(name) is a sender name, not a number: it can't receive texts.")
        case .group(let numbers): recipients = numbers
        }
        let (body, mediaURLs) = try content(of: message)
        let reference = Self.reference(for: message.eventID)
        warnAboutSegments(body, in: portal)

        // Before sending: an answer may come back before the provider has answered the send.
        await rememberReplyRoute(for: recipients, chat: chat)
        let already = state.withLock { $0.reached[message.eventID] ?? [] }
        var failures: [String] = []
        for recipient in recipients where !already.contains(recipient.e164) {
            let text = OutgoingText(from: number.e164, to: recipient.e164, body: body, mediaURLs: mediaURLs, reference: reference,
                                    statusURL: statusURL(reference: reference, recipient: recipient, chat: portal.chatID))
            do {
                _ = try await provider.send(text)
                state.withLock { _ = $0.reached[message.eventID, default: []].insert(recipient.e164) }
            } catch let error as SMSProviderError {
                // A transient failure is retried by the core; the recipients reached so far are skipped then.
                if error.isTransient { throw RemoteSendError(error.userMessage, isTransient: true) }
                failures.append(recipients.count == 1 ? error.userMessage : "to \(recipient.e164): \(error.userMessage)")
            }
        }
        state.withLock { _ = $0.reached.removeValue(forKey: message.eventID) }
        if failures.count == recipients.count { throw RemoteSendError(failures.joined(separator: "; ")) }
        // Some members of a group were reached: the others are told about in the room, once the
        // message is mapped (the push runs after this send on the portal's queue).
        for failure in failures {
            events.push(RemoteEvent(portal: portal, sender: RemoteSender(userID: selfUserID, login: loginID, isFromMe: true),
                                    kind: .deliveryFailed(target: RemoteMessageID(reference), reason: failure)))
        }
        return SentMessage(remoteID: RemoteMessageID(reference))
    }

    /// The text and media URLs of a message: pictures and files as MMS where the provider takes
    /// them, else as the link the core made for them.
    private func content(of message: OutgoingMessage) throws -> (body: String, mediaURLs: [String]) {
        guard let media = message.media else { return (message.text, []) }
        let caption = message.text == media.fileName ? "" : message.text
        let prefix = caption.isEmpty ? "" : caption + "\n"
        guard let url = media.publicURL else {
            // MMS providers take media by URL only; a plain text can at least say what it was.
            if provider.supportsMMS {
                throw RemoteSendError("Files can't be texted unless the bridge serves them: ask its admin to enable public_media.")
            }
            return (prefix + "(file: \(media.fileName))", [])
        }
        if provider.supportsMMS { return (caption, [url]) }
        return (prefix + "\(media.fileName): \(url)", [])
    }

    private func warnAboutSegments(_ body: String, in portal: PortalKey) {
        let segments = SMSSegments(counting: body)
        guard segments.count > config.segmentWarning else { return }
        let why = segments.encoding == .ucs2 ? " (it has characters outside the GSM alphabet, so each part holds 67 instead of 153)" : ""
        events.push(RemoteEvent(portal: portal, sender: RemoteSender(userID: selfUserID, login: loginID, isFromMe: true),
                                kind: .bridgeNotice("This message is sent as \(segments.count) SMS segments\(why).")))
    }

    /// The bridge's ID of a sent message: from its Matrix event, so a retry after a crash reuses it.
    static func reference(for eventID: EventID) -> String {
        "out." + SHA256.hash(data: Data(eventID.rawValue.utf8)).prefix(12).map { String(format: "%02x", $0) }.joined()
    }

    private func statusURL(reference: String, recipient: PhoneNumber, chat: RemoteChatID) -> String {
        var query = FormParameters()
        query.append("ref", reference)
        query.append("to", recipient.e164)
        query.append("chat", chat.rawValue)
        return SMSWebhookRoutes.url(base: config.webhookURL, provider: metadata.provider, key: metadata.webhookKey,
                                    endpoint: .status) + "?" + query.encoded
    }

    /// Replies from the recipients of a group text go to that group until a DM writes to them.
    private func rememberReplyRoute(for recipients: [PhoneNumber], chat: SMSChat) async {
        let changed: SMSLoginMetadata? = state.withLock { state in
            var metadata = state.metadata
            for recipient in recipients {
                let id = SMSAddress.number(recipient).remoteID
                if case .group = chat { metadata.replyRoutes[id] = chat.chatID.rawValue } else { metadata.replyRoutes[id] = nil }
            }
            while metadata.replyRoutes.count > SMSLoginMetadata.maxReplyRoutes, let first = metadata.replyRoutes.keys.first {
                metadata.replyRoutes[first] = nil
            }
            guard metadata != state.metadata else { return nil }
            state.metadata = metadata
            return metadata
        }
        if let changed, let json = try? changed.json { await events.saveLoginMetadata(loginID, json) }
    }

    // MARK: - Receiving

    /// Bridges a text that reached the login's number; returns once it is on Matrix (then the
    /// provider may be told "received"). A provider retry carries the same ID and is skipped.
    func receive(_ text: IncomingText) async throws {
        let sender: SMSAddress
        do {
            sender = try SMSAddress(parsingSender: text.from, defaultCountry: config.defaultCountry)
        } catch {
            throw SMSWebhookError.badRequest("the sender \"\(text.from.prefix(40))\" is not a number or sender name")
        }
        let senderID = RemoteUserID(sender.remoteID)
        let chatID = metadata.replyRoutes[sender.remoteID].map(RemoteChatID.init) ?? SMSChat.direct(sender).chatID
        let messageID = RemoteMessageID("in." + text.messageID)
        var parts: [RemoteMessage.Part] = []
        if !text.body.isEmpty { parts.append(RemoteMessage.Part(id: "", content: .text(text.body))) }
        for (index, media) in text.media.enumerated() {
            parts.append(try await mediaPart(media, index: index))
        }
        guard !parts.isEmpty else { return }
        let event = RemoteEvent(portal: PortalKey(chatID: chatID, receiver: loginID),
                                sender: RemoteSender(userID: senderID, login: loginID), timestamp: text.timestamp,
                                kind: .message(RemoteMessage(id: messageID, parts: parts)))
        try await events.deliver(event)
    }

    private func mediaPart(_ media: IncomingMedia, index: Int) async throws -> RemoteMessage.Part {
        let fetched: (data: [UInt8], contentType: String)
        do {
            fetched = try await fetchMedia(media)
        } catch {
            // The provider keeps the file: it is worth its retry (the text parts are de-duplicated).
            logger.warning("MMS media not fetched", metadata: ["error": "\(error)"])
            throw SMSWebhookError.unavailable("the MMS attachment could not be fetched")
        }
        let kind = fetched.contentType.split(separator: "/").first.map(String.init) ?? ""
        let msgtype: MessageType = switch kind {
        case "image": .image
        case "video": .video
        case "audio": .audio
        default: .file
        }
        let name = "mms-\(index + 1)" + Self.fileExtension(fetched.contentType)
        var content = MessageContent(msgtype: msgtype, body: name)
        content.info = MediaInfo(mimetype: fetched.contentType, size: fetched.data.count)
        return RemoteMessage.Part(id: "media\(index)", content: content,
                                  media: OutgoingMedia(data: fetched.data, fileName: name, mimeType: fetched.contentType))
    }

    static func fileExtension(_ contentType: String) -> String {
        switch contentType.lowercased() {
        case "image/jpeg": ".jpg"
        case "image/png": ".png"
        case "image/gif": ".gif"
        case "video/mp4": ".mp4"
        case "audio/mpeg": ".mp3"
        case "text/vcard", "text/x-vcard": ".vcf"
        default: ""
        }
    }

    /// Shows a delivery report on Matrix: a read receipt from the recipient's ghost when delivered,
    /// a notice replying to the message when it failed.
    func report(_ report: DeliveryReport, chat: RemoteChatID) async throws {
        guard SMSChat(chat) != nil else { throw SMSWebhookError.badRequest("unknown chat") }
        let portal = PortalKey(chatID: chat, receiver: loginID)
        let target = RemoteMessageID(report.messageID)
        let recipient = report.recipient.flatMap { try? SMSAddress(parsingSender: $0, defaultCountry: config.defaultCountry) }
        switch report.state {
        case .queued, .sent:
            return
        case .delivered:
            guard let recipient else { throw SMSWebhookError.badRequest("the report names no recipient") }
            try await events.deliver(RemoteEvent(portal: portal, sender: RemoteSender(userID: RemoteUserID(recipient.remoteID), login: loginID),
                                                 kind: .readReceipt(upTo: target)))
        case .failed(let reason):
            let whom = recipient.map { " to \($0.displayName)" } ?? ""
            try await events.deliver(RemoteEvent(portal: portal, sender: RemoteSender(userID: selfUserID, login: loginID, isFromMe: true),
                                                 kind: .deliveryFailed(target: target, reason: "the text\(whom) failed: \(reason)")))
        }
    }
}
