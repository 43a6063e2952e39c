import PontoonMatrix

/// Who a Matrix message goes out as.
public enum OutgoingSender: Sendable, Hashable {
    /// The Matrix user's own login (puppeting).
    case loggedIn(LoginID)
    /// A Matrix user without a login, speaking through the portal's relay login.
    case relayed(through: LoginID, profile: RelayedProfile)
}

/// The real sender of a relayed message, for networks that show it (`RelayStyle.nativeProfile`)
/// or for the core's `message_format` prefix.
public struct RelayedProfile: Sendable, Hashable {
    public var userID: UserID
    public var displayName: String
    public var avatarURL: MXCURI?

    public init(userID: UserID, displayName: String, avatarURL: MXCURI? = nil) {
        self.userID = userID
        self.displayName = displayName
        self.avatarURL = avatarURL
    }
}

/// A Matrix message converted for the network: what a plugin's `send` receives.
public struct OutgoingMessage: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        case text, notice, emote
        case media(NetworkCapabilities.MediaKind)
    }

    public var kind: Kind
    /// Plain text (Matrix `body`, with the relay prefix already applied for `.prefixedText`).
    public var text: String
    /// Matrix HTML, when the network takes it (`Formatting.html`) and the message had some.
    public var html: String?
    /// The attachment, for media messages.
    public var media: OutgoingMedia?
    /// The remote message this one replies to, when the network has replies.
    public var replyTo: RemoteMessageID?
    /// The thread root, when the network has threads.
    public var threadRoot: RemoteMessageID?
    /// The Matrix event this came from: a plugin may use it as an idempotency key on the network.
    public var eventID: EventID

    public init(kind: Kind, text: String, html: String? = nil, media: OutgoingMedia? = nil,
                replyTo: RemoteMessageID? = nil, threadRoot: RemoteMessageID? = nil, eventID: EventID) {
        self.kind = kind
        self.text = text
        self.html = html
        self.media = media
        self.replyTo = replyTo
        self.threadRoot = threadRoot
        self.eventID = eventID
    }
}

/// An attachment from Matrix: the core downloads (and decrypts) it, the plugin uploads it.
public struct OutgoingMedia: Sendable, Hashable {
    public var data: [UInt8]
    public var fileName: String
    public var mimeType: String?
    /// A URL anyone can fetch the file from (served by the bridge, signed), when `public_media` is
    /// on: for networks that take media by URL (Twilio's `MediaUrl`) or as a link.
    public var publicURL: String?

    public init(data: [UInt8], fileName: String, mimeType: String?, publicURL: String? = nil) {
        self.data = data
        self.fileName = fileName
        self.mimeType = mimeType
        self.publicURL = publicURL
    }
}

/// What the network answered for a sent message: its ID, so edits, replies and redactions of the
/// Matrix event find it later.
public struct SentMessage: Sendable, Hashable {
    public var remoteID: RemoteMessageID
    /// The network's timestamp in milliseconds, when it reports one.
    public var timestamp: Int64?

    public init(remoteID: RemoteMessageID, timestamp: Int64? = nil) {
        self.remoteID = remoteID
        self.timestamp = timestamp
    }
}
