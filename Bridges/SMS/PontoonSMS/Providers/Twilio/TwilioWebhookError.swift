/// A Twilio webhook the bridge cannot use.
public enum TwilioWebhookError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A parameter Twilio always sends is absent or empty: not a Twilio request, or a broken one.
    case missingParameter(String)
    /// A status callback about an inbound message (`receiving`/`received`): nothing to report to
    /// the sender. The bridge answers 200 and ignores it.
    case inboundStatus(String)
    /// A `MessageStatus` this bridge does not know (Twilio added one): answer 200 and ignore it.
    case unknownStatus(String)

    public var description: String {
        switch self {
        case .missingParameter(let name): "The Twilio webhook has no \(name)"
        case .inboundStatus(let status): "The Twilio status callback is about an inbound message (\(status))"
        case .unknownStatus(let status): "The Twilio status callback has an unknown MessageStatus (\(status))"
        }
    }
}
