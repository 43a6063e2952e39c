import PontoonMatrix

/// Something that happened on the network, pushed by a session into the core with
/// ``RemoteEventSink/push(_:)``. The core queues it on the portal's ordered queue, creates the
/// portal and the sender's ghost when needed, converts it and sends it to Matrix.
public struct RemoteEvent: Sendable {
    /// The chat it happened in.
    public var portal: PortalKey
    /// Who did it.
    public var sender: RemoteSender
    /// When, in milliseconds since the epoch (IRC `server-time`, Slack `ts`); `nil` means now.
    public var timestamp: Int64?
    /// What happened.
    public var kind: Kind

    public init(portal: PortalKey, sender: RemoteSender, timestamp: Int64? = nil, kind: Kind) {
        self.portal = portal
        self.sender = sender
        self.timestamp = timestamp
        self.kind = kind
    }

    public enum Kind: Sendable {
        /// A new message; may create the portal.
        case message(RemoteMessage)
        /// A message was edited.
        case edit(target: RemoteMessageID, newContent: RemoteMessage)
        /// A message was deleted.
        case delete(target: RemoteMessageID)
        /// A reaction was added; `emojiID` is the network's ID for it (or the emoji).
        case reaction(target: RemoteMessageID, emoji: String, emojiID: String)
        /// A reaction was removed.
        case reactionRemoved(target: RemoteMessageID, emojiID: String)
        /// The sender is typing (or stopped).
        case typing(Bool)
        /// The sender read everything up to `target`.
        case readReceipt(upTo: RemoteMessageID)
        /// Name, topic or avatar changed.
        case chatInfoChanged(ChatInfo)
        /// The sender joined, left or was removed from the chat.
        case membership(RemoteMembership)
        /// The sender's name or avatar changed (their ghost is updated; it needs no portal room).
        case userInfoChanged(RemoteUserInfo)
        /// A message sent from Matrix did not reach its recipient after all (an SMS delivery report
        /// said "failed"): the bot replies to the Matrix event with a notice giving `reason`.
        case deliveryFailed(target: RemoteMessageID, reason: String)
        /// Something the users of the portal should know that is nobody's message (the network
        /// refused to let the login back into the chat, the login was removed from it): the bridge
        /// bot posts it as a notice in the portal room, if the room exists.
        case bridgeNotice(String)
    }
}

/// Who did something on the network.
public struct RemoteSender: Sendable, Hashable {
    public var userID: RemoteUserID
    /// Set when the sender is the logged-in user themself (sent from their native client): with
    /// double puppeting it appears as their real Matrix account, and it is checked against echoes
    /// of messages the bridge sent.
    public var isFromMe: Bool
    /// The login that saw it.
    public var login: LoginID

    public init(userID: RemoteUserID, login: LoginID, isFromMe: Bool = false) {
        self.userID = userID
        self.isFromMe = isFromMe
        self.login = login
    }
}

/// A message as the network delivered it; one remote message may become several Matrix events.
public struct RemoteMessage: Sendable {
    public var id: RemoteMessageID
    public var parts: [Part]
    public var replyTo: RemoteMessageID?
    public var threadRoot: RemoteMessageID?

    public init(id: RemoteMessageID, parts: [Part], replyTo: RemoteMessageID? = nil, threadRoot: RemoteMessageID? = nil) {
        self.id = id
        self.parts = parts
        self.replyTo = replyTo
        self.threadRoot = threadRoot
    }

    /// A text message in one part.
    public static func text(_ id: RemoteMessageID, _ body: String, html: String? = nil) -> RemoteMessage {
        RemoteMessage(id: id, parts: [Part(id: "", content: .text(body, html: html))])
    }

    /// One Matrix event's worth of a remote message.
    public struct Part: Sendable {
        /// Unique within the message ("" for a single part).
        public var id: String
        public var content: MessageContent
        /// Media bytes to upload as the sender; the core fills in the content's `url` (or `file`
        /// in encrypted rooms).
        public var media: OutgoingMedia?

        public init(id: String, content: MessageContent, media: OutgoingMedia? = nil) {
            self.id = id
            self.content = content
            self.media = media
        }
    }
}

/// A membership change on the network.
public enum RemoteMembership: Sendable, Hashable {
    case joined
    case left(reason: String?)
    case removed(by: RemoteUserID?, reason: String?)
}

/// Where sessions push what happens on the network. Pushing never blocks on the portal's work: a
/// plugin handler may push from inside a core call into the same portal without deadlocking it.
///
/// It also lends sessions what the core has and a plugin doesn't: public links to text.
public protocol RemoteEventSink: Sendable {
    func push(_ event: RemoteEvent)
    /// Queues `event` like ``push(_:)`` and waits until the portal has bridged it (a message is on
    /// Matrix and its mapping stored). For networks that must answer a delivery before they know
    /// it is safe (an SMS webhook: the provider retries unless it gets 200): answer after this
    /// returns, and a crash in between costs a retry, which the message mapping de-duplicates.
    /// Throws when the event could not be bridged. Never call it from work on the same portal.
    func deliver(_ event: RemoteEvent) async throws
    /// A URL where anyone can read `text` (uploaded to the homeserver, served by the bridge), for
    /// a message too long for the network; nil when `public_media` is off or the upload failed.
    func publicLink(forText text: String) async -> String?
    /// Stores `metadata` as the login's (``StoredLogin/metadata``) for the next session after a
    /// restart: state the network does not keep for the bridge, like the channels a puppet is in.
    func saveLoginMetadata(_ loginID: LoginID, _ metadata: JSONValue) async
}

extension RemoteEventSink {
    /// Sinks that can't wait for the portal (test doubles) treat a delivery as a push.
    public func deliver(_ event: RemoteEvent) async throws {
        push(event)
    }
}

extension RemoteEventSink {
    public func publicLink(forText text: String) async -> String? { nil }
    public func saveLoginMetadata(_ loginID: LoginID, _ metadata: JSONValue) async {}
}
