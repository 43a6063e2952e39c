/// The content of a room event, typed by its event type.
public enum RoomEventContent: Sendable, Hashable {
    case message(MessageContent)
    case reaction(ReactionContent)
    case redaction(RedactionContent)
    case member(MemberContent)
    case name(RoomNameContent)
    case topic(RoomTopicContent)
    case avatar(RoomAvatarContent)
    case powerLevels(PowerLevelsContent)
    case encryption(EncryptionContent)
    case encrypted(EncryptedContent)
    case create(CreateContent)
    /// `m.sticker`: a message without `msgtype` (it reads as `.image`).
    case sticker(MessageContent)
    /// A type this enum does not model, or a known type whose content did not decode.
    case unknown(type: String, content: JSONValue)

    /// Decodes `content` by `type`, never failing: undecodable content becomes `.unknown` plus the reason.
    /// - Parameter redacts: the event's top-level `redacts`, used when the content has none.
    public static func decode(type: String, content: JSONValue, redacts: EventID? = nil) -> (content: RoomEventContent, failure: ContentDecodingError?) {
        do throws(ContentDecodingError) {
            let typed: RoomEventContent
            switch type {
            case MessageContent.eventType: typed = .message(try MessageContent(json: content))
            case ReactionContent.eventType: typed = .reaction(try ReactionContent(json: content))
            case RedactionContent.eventType:
                var redaction = try RedactionContent(json: content)
                if redaction.redacts == nil { redaction.redacts = redacts }
                typed = .redaction(redaction)
            case MemberContent.eventType: typed = .member(try MemberContent(json: content))
            case RoomNameContent.eventType: typed = .name(try RoomNameContent(json: content))
            case RoomTopicContent.eventType: typed = .topic(try RoomTopicContent(json: content))
            case RoomAvatarContent.eventType: typed = .avatar(try RoomAvatarContent(json: content))
            case PowerLevelsContent.eventType: typed = .powerLevels(try PowerLevelsContent(json: content))
            case EncryptionContent.eventType: typed = .encryption(try EncryptionContent(json: content))
            case EncryptedContent.eventType: typed = .encrypted(try EncryptedContent(json: content))
            case CreateContent.eventType: typed = .create(try CreateContent(json: content))
            case "m.sticker": typed = .sticker(try MessageContent(stickerJSON: content))
            default: typed = .unknown(type: type, content: content)
            }
            return (typed, nil)
        } catch {
            return (.unknown(type: type, content: content), error)
        }
    }
}
