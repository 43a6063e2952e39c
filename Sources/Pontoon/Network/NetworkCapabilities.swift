/// What a network can carry, declared once by the plugin. The core degrades gracefully where a
/// capability is missing: an edit goes out as a new message starting with `* `, a file the network
/// can't take becomes a line naming it, text over ``maxTextBytes`` is split into several messages,
/// and a reaction or deletion the network can't show is answered with a notice.
public struct NetworkCapabilities: Sendable, Hashable {
    /// Kinds of media the network takes as attachments.
    public enum MediaKind: String, Sendable, Hashable, CaseIterable {
        case image, file, audio, video, sticker
    }

    /// How rich text reaches the network.
    public enum Formatting: Sendable, Hashable {
        /// Plain text only; the core sends Matrix `body`.
        case plain
        /// The plugin converts Matrix HTML itself (`formatted_body` is passed through).
        case html
    }

    /// How relayed messages show their real sender.
    public enum RelayStyle: Sendable, Hashable {
        /// The relay account posts `bridge.relay.message_format` (e.g. `<alice> hello`).
        case prefixedText
        /// The network shows another name and avatar natively (Slack `username`/`icon_url`, IRC
        /// `RELAYMSG`): the plugin gets the sender's profile and the plain message.
        case nativeProfile
    }

    public var edits: Bool
    public var redactions: Bool
    public var reactions: Bool
    public var replies: Bool
    public var threads: Bool
    public var typing: Bool
    public var readReceipts: Bool
    /// Members may set a chat's topic from Matrix, the network's own rules deciding (IRC `+t`):
    /// portal rooms let every member send `m.room.topic`.
    public var topics: Bool
    public var media: Set<MediaKind>
    public var formatting: Formatting
    public var relayStyle: RelayStyle
    /// Longest text the network takes in one message, in UTF-8 bytes; the core splits longer text.
    public var maxTextBytes: Int?

    public init(
        edits: Bool = false, redactions: Bool = false, reactions: Bool = false, replies: Bool = false,
        threads: Bool = false, typing: Bool = false, readReceipts: Bool = false, topics: Bool = false,
        media: Set<MediaKind> = [],
        formatting: Formatting = .plain, relayStyle: RelayStyle = .prefixedText, maxTextBytes: Int? = nil
    ) {
        self.edits = edits
        self.redactions = redactions
        self.reactions = reactions
        self.replies = replies
        self.threads = threads
        self.typing = typing
        self.readReceipts = readReceipts
        self.topics = topics
        self.media = media
        self.formatting = formatting
        self.relayStyle = relayStyle
        self.maxTextBytes = maxTextBytes
    }

    /// Text only: what the smallest plugin starts with.
    public static let minimal = NetworkCapabilities()
}
