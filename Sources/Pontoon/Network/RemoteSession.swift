/// One connected login: a user's puppet account or a relay bot. The core calls it from the portal
/// queues; calls for different portals may run concurrently, calls for one portal never do.
///
/// Only `send` is required of a chat network. Everything else is a separate capability protocol
/// below, found with `as?`, so a small plugin stays small.
public protocol RemoteSession: Sendable {
    /// The login this session belongs to.
    var loginID: LoginID { get }
    /// The logged-in account's own user ID on the network: messages it reports with this sender are
    /// the user's own (``RemoteSender/isFromMe``), and reactions the user sends are keyed by it.
    var selfUserID: RemoteUserID { get }
    /// Connects (and keeps reconnecting on its own, with backoff) until `disconnect`.
    func connect() async throws
    /// Disconnects for good (logout, shutdown).
    func disconnect() async
    /// Sends a message into a chat; throws a ``RemoteSendError`` the user sees when it fails.
    func send(_ message: OutgoingMessage, to portal: PortalKey, as sender: OutgoingSender) async throws -> SentMessage
    /// Name, topic, avatar and members of a chat, for creating or refreshing its portal.
    func chatInfo(_ portal: PortalKey) async throws -> ChatInfo
    /// Name and avatar of a remote user, for their ghost.
    func userInfo(_ user: RemoteUserID) async throws -> RemoteUserInfo
}

/// The network edits messages.
public protocol EditingSession: RemoteSession {
    func edit(_ target: RemoteMessageID, in portal: PortalKey, to message: OutgoingMessage, as sender: OutgoingSender) async throws
}

/// The network deletes messages.
public protocol RedactingSession: RemoteSession {
    func delete(_ target: RemoteMessageID, in portal: PortalKey, as sender: OutgoingSender) async throws
}

/// The network has reactions. `emoji` is the Matrix reaction key.
public protocol ReactingSession: RemoteSession {
    /// Returns the network's ID for the reaction when it has one (else the core uses the emoji).
    func react(to target: RemoteMessageID, in portal: PortalKey, emoji: String, as sender: OutgoingSender) async throws -> String?
    func removeReaction(_ emojiID: String, from target: RemoteMessageID, in portal: PortalKey, as sender: OutgoingSender) async throws
}

/// The network shows typing.
public protocol TypingSession: RemoteSession {
    func setTyping(_ typing: Bool, in portal: PortalKey) async throws
}

/// The network has read receipts.
public protocol ReadReceiptSession: RemoteSession {
    func markRead(upTo target: RemoteMessageID, in portal: PortalKey) async throws
}

/// The network can fetch a chat's history: the core bridges it into a portal room it creates, so
/// the room starts with the conversation's recent past instead of empty.
public protocol BackfillingSession: RemoteSession {
    /// Up to `limit` of the chat's newest message events, oldest first.
    func fetchHistory(_ portal: PortalKey, limit: Int) async throws -> [RemoteEvent]
}

/// The network follows who is in a portal room: the logged-in user joining or leaving it, or
/// kicking someone's ghost out of it (IRC JOIN, PART and KICK).
public protocol MembershipSession: RemoteSession {
    /// The user joined the portal room (accepting its invite, or joining by alias).
    func userJoined(_ portal: PortalKey) async throws
    /// The user left the portal room.
    func userLeft(_ portal: PortalKey, reason: String?) async throws
    /// The user removed (kicked or banned) a remote user's ghost from the portal room.
    func kick(_ user: RemoteUserID, from portal: PortalKey, reason: String?) async throws
}

/// Users can change a chat's topic from Matrix (IRC `TOPIC`, a Slack channel's topic).
public protocol TopicSettingSession: RemoteSession {
    /// The user set the portal room's topic; throw a ``RemoteSendError`` to have them told why it
    /// did not reach the network.
    func setTopic(_ topic: String, in portal: PortalKey) async throws
}

/// The network can open a chat from an identifier the user types (`start-chat <identifier>`).
public protocol ChatStartingSession: RemoteSession {
    /// Resolves `identifier` (a nick, a phone number, a user ID) and returns the chat to bridge.
    func startChat(with identifier: String) async throws -> PortalKey
}

/// The network opens chats from rooms made on Matrix: a user invites ghosts into a room of their
/// own (a DM with one ghost; a group of several, as SMS group texts are), and the room becomes
/// that chat's portal.
public protocol InviteChatSession: RemoteSession {
    /// The chat of a room whose remote members (ghosts joined or invited) are `users`. `current`
    /// is the room's chat when it is a portal already (someone was added to it): return it to keep
    /// the room as it is. Throw a ``RemoteSendError`` to refuse; the user is told why.
    func chat(for users: [RemoteUserID], isDirect: Bool, current: PortalKey?) async throws -> PortalKey
}

/// A send failure to show the Matrix user (as a notice and an `m.notice` reply to their message).
public struct RemoteSendError: Error, Sendable, CustomStringConvertible {
    public var userMessage: String
    /// Whether trying again later may work (a disconnected session) or not (a message too long).
    public var isTransient: Bool

    public init(_ userMessage: String, isTransient: Bool = false) {
        self.userMessage = userMessage
        self.isTransient = isTransient
    }

    public var description: String { userMessage }
}
