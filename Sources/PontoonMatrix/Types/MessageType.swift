/// The `msgtype` of an `m.room.message`.
public enum MessageType: Sendable, Hashable, OpenStringEnum, ExpressibleByStringLiteral {
    case text
    case emote
    case notice
    case image
    case file
    case audio
    case video
    case location
    /// An in-room verification request (`m.key.verification.request`).
    case keyVerificationRequest
    /// Any other msgtype, kept as sent.
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "m.text": self = .text
        case "m.emote": self = .emote
        case "m.notice": self = .notice
        case "m.image": self = .image
        case "m.file": self = .file
        case "m.audio": self = .audio
        case "m.video": self = .video
        case "m.location": self = .location
        case "m.key.verification.request": self = .keyVerificationRequest
        default: self = .other(rawValue)
        }
    }

    public init(stringLiteral value: String) { self.init(rawValue: value) }

    public var rawValue: String {
        switch self {
        case .text: "m.text"
        case .emote: "m.emote"
        case .notice: "m.notice"
        case .image: "m.image"
        case .file: "m.file"
        case .audio: "m.audio"
        case .video: "m.video"
        case .location: "m.location"
        case .keyVerificationRequest: "m.key.verification.request"
        case .other(let value): value
        }
    }

    /// Whether the message carries media (`url` or `file`): image, file, audio or video.
    public var isMedia: Bool {
        switch self {
        case .image, .file, .audio, .video: true
        default: false
        }
    }
}
