import Foundation

/// One provider account of one login (a Kannel `sendsms` user, a Twilio number): it sends texts
/// and reads the provider's webhooks. Numbers here are already normalised (E.164 with `+`, or an
/// alphanumeric sender ID inbound); the network layer does that.
public protocol SMSProvider: Sendable {
    /// Whether the provider carries pictures and files itself (MMS); if not, the bridge sends a link.
    var supportsMMS: Bool { get }
    /// Sends one text (and media, where ``supportsMMS``) and returns the provider's answer.
    /// Throws ``SMSProviderError``.
    func send(_ message: OutgoingText) async throws -> ProviderSendResult
}

/// A text to send: one recipient (a group text is one of these per member).
public struct OutgoingText: Sendable, Hashable {
    /// The login's own number (E.164).
    public var from: String
    /// The recipient (E.164).
    public var to: String
    public var body: String
    /// Public URLs of media to attach (MMS); empty for a plain text.
    public var mediaURLs: [String]
    /// The bridge's own ID for this text. Delivery reports that carry no provider ID (Kannel's
    /// `dlr-url`) carry this one back.
    public var reference: String
    /// Where the provider reports delivery (Kannel `dlr-url`, Twilio `StatusCallback`); nil for none.
    public var statusURL: String?

    public init(from: String, to: String, body: String, mediaURLs: [String] = [], reference: String, statusURL: String? = nil) {
        self.from = from
        self.to = to
        self.body = body
        self.mediaURLs = mediaURLs
        self.reference = reference
        self.statusURL = statusURL
    }
}

/// What the provider answered for a sent text.
public struct ProviderSendResult: Sendable, Hashable {
    /// The provider's ID for the text (Twilio `sid`), or the bridge's ``OutgoingText/reference``
    /// when the provider gives none (Kannel).
    public var messageID: String
    /// The state the provider reported at once (Twilio `status`: `queued`, `accepted`…).
    public var state: DeliveryState

    public init(messageID: String, state: DeliveryState = .queued) {
        self.messageID = messageID
        self.state = state
    }
}

/// A text that arrived at the login's number.
public struct IncomingText: Sendable, Hashable {
    /// The provider's ID for it: a provider retry carries the same one (Twilio `MessageSid`,
    /// Kannel `%I`); the bridge de-duplicates by it.
    public var messageID: String
    /// The sender as the provider wrote it (E.164, a national number, or an alphanumeric sender ID).
    public var from: String
    /// The login's number it was sent to, as the provider wrote it.
    public var to: String
    public var body: String
    public var media: [IncomingMedia]
    /// Milliseconds since the epoch, when the provider says.
    public var timestamp: Int64?

    public init(messageID: String, from: String, to: String, body: String, media: [IncomingMedia] = [], timestamp: Int64? = nil) {
        self.messageID = messageID
        self.from = from
        self.to = to
        self.body = body
        self.media = media
        self.timestamp = timestamp
    }
}

/// A picture or file that came with an MMS, to fetch from the provider.
public struct IncomingMedia: Sendable, Hashable {
    public var url: String
    public var contentType: String?

    public init(url: String, contentType: String?) {
        self.url = url
        self.contentType = contentType
    }
}

/// How far a sent text got.
public enum DeliveryState: Sendable, Hashable {
    /// Accepted by the provider, not yet handed to the carrier.
    case queued
    /// Handed to the carrier (Kannel DLR 8, Twilio `sent`).
    case sent
    /// On the recipient's phone (Kannel DLR 1, Twilio `delivered`/`read`).
    case delivered
    /// Not delivered, with the reason to tell the user (Kannel DLR 2/16, Twilio `failed`/`undelivered` with `ErrorCode`).
    case failed(reason: String)
}

/// A delivery report for a sent text.
public struct DeliveryReport: Sendable, Hashable {
    /// The provider's ID, or the bridge's reference (see ``ProviderSendResult/messageID``).
    public var messageID: String
    /// The recipient, when the report says (E.164 or as the provider wrote it).
    public var recipient: String?
    public var state: DeliveryState

    public init(messageID: String, recipient: String? = nil, state: DeliveryState) {
        self.messageID = messageID
        self.recipient = recipient
        self.state = state
    }
}

/// A send the provider refused or could not take.
public struct SMSProviderError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What to tell the user (the provider's reason, without credentials).
    public var userMessage: String
    /// Whether sending again later may work (provider unreachable, rate limited, 5xx).
    public var isTransient: Bool

    public init(_ userMessage: String, isTransient: Bool) {
        self.userMessage = userMessage
        self.isTransient = isTransient
    }

    public var description: String { userMessage }
}
