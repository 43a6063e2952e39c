/// `m.relates_to`: how an event relates to another — an edit, a reaction, a thread, a reply.
///
/// Modelled on the wire shape: `rel_type` + `event_id` (+ `key` for annotations,
/// `is_falling_back` for threads) and the reply pointer `m.in_reply_to.event_id`, which a reply
/// carries alone and a thread message may carry beside `rel_type`. ``kind`` gives the switchable view.
public struct Relation: JSONObjectCodable {
    /// `rel_type`; `nil` for a plain reply.
    public var relType: RelationType?
    /// `event_id`: the edited, reacted-to, thread-root or referenced event.
    public var eventID: EventID?
    /// `key` of an annotation (the reaction emoji or text).
    public var key: String?
    /// `m.in_reply_to.event_id`.
    public var inReplyTo: EventID?
    /// `is_falling_back` of a thread relation: the reply pointer only serves clients without threads.
    public var isFallingBack: Bool?
    public var extra: [String: JSONValue] = [:]
    /// Unknown members inside `m.in_reply_to`, written back unchanged.
    private var inReplyToExtra: [String: JSONValue] = [:]

    public init(relType: RelationType?, eventID: EventID?, key: String? = nil, inReplyTo: EventID? = nil, isFallingBack: Bool? = nil) {
        self.relType = relType
        self.eventID = eventID
        self.key = key
        self.inReplyTo = inReplyTo
        self.isFallingBack = isFallingBack
    }

    /// A plain reply.
    public static func reply(to eventID: EventID) -> Relation {
        Relation(relType: nil, eventID: nil, inReplyTo: eventID)
    }

    /// An edit (`m.replace`) of `eventID`; the new content goes in `m.new_content`.
    public static func replace(_ eventID: EventID) -> Relation {
        Relation(relType: .replace, eventID: eventID)
    }

    /// A reaction (`m.annotation`) to `eventID`.
    public static func annotation(_ eventID: EventID, key: String) -> Relation {
        Relation(relType: .annotation, eventID: eventID, key: key)
    }

    /// A message in the thread rooted at `root`. With `replyTo` and `isFallingBack: true` (the spec's
    /// advice) it points non-thread clients at the thread's latest event; with `isFallingBack: false` it
    /// is a real reply inside the thread.
    public static func thread(root: EventID, replyTo: EventID? = nil, isFallingBack: Bool = true) -> Relation {
        Relation(relType: .thread, eventID: root, inReplyTo: replyTo ?? root, isFallingBack: isFallingBack)
    }

    /// A reference (`m.reference`) to `eventID`.
    public static func reference(_ eventID: EventID) -> Relation {
        Relation(relType: .reference, eventID: eventID)
    }

    /// The relation as a switchable value.
    public enum Kind: Sendable, Hashable {
        case replace(EventID)
        case annotation(EventID, key: String)
        case thread(root: EventID, inReplyTo: EventID?, isFallingBack: Bool)
        case reference(EventID)
        /// A plain reply (no `rel_type`).
        case reply(EventID)
        /// A `rel_type` this type does not model.
        case other(relType: String, eventID: EventID?)
        /// Neither a `rel_type` nor a reply pointer.
        case none
    }

    /// The relation as a switchable value.
    public var kind: Kind {
        switch relType {
        case .replace?: if let eventID { return .replace(eventID) }
        case .annotation?: if let eventID, let key { return .annotation(eventID, key: key) }
        case .thread?: if let eventID { return .thread(root: eventID, inReplyTo: inReplyTo, isFallingBack: isFallingBack ?? false) }
        case .reference?: if let eventID { return .reference(eventID) }
        case .other(let type)?: return .other(relType: type, eventID: eventID)
        case nil: break
        }
        if let inReplyTo { return .reply(inReplyTo) }
        return relType.map { .other(relType: $0.rawValue, eventID: eventID) } ?? .none
    }

    /// The event this one replies to, whether a plain reply or a real (not falling-back) reply in a thread.
    public var replyTarget: EventID? {
        if relType == .thread && isFallingBack == true { return nil }
        return inReplyTo
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        relType = try reader.string("rel_type").map(RelationType.init(rawValue:))
        switch relType {
        case .replace?, .annotation?, .thread?, .reference?:
            eventID = try reader.requiredIdentifier("event_id")
        case .other?, nil:
            eventID = reader.lenientIdentifier("event_id")
        }
        if relType == .annotation {
            key = try reader.requiredString("key")
        } else {
            key = try reader.string("key")
        }
        isFallingBack = try reader.bool("is_falling_back")
        if let replyObject = try reader.object("m.in_reply_to") {
            var replyReader = try JSONObjectReader(.object(replyObject))
            do {
                inReplyTo = try replyReader.requiredIdentifier("event_id")
            } catch {
                throw error.nested(under: "m.in_reply_to")
            }
            inReplyToExtra = replyReader.rest
        }
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let relType { object["rel_type"] = .string(relType.rawValue) }
        if let eventID { object["event_id"] = .string(eventID.rawValue) }
        if let key { object["key"] = .string(key) }
        if let isFallingBack { object["is_falling_back"] = .bool(isFallingBack) }
        if let inReplyTo {
            var reply = inReplyToExtra
            reply["event_id"] = .string(inReplyTo.rawValue)
            object["m.in_reply_to"] = .object(reply)
        }
        return .object(object)
    }
}

/// The `rel_type` of a ``Relation``.
public enum RelationType: Sendable, Hashable, OpenStringEnum {
    /// `m.replace`: an edit.
    case replace
    /// `m.annotation`: a reaction.
    case annotation
    /// `m.thread`.
    case thread
    /// `m.reference`.
    case reference
    case other(String)

    public init(rawValue: String) {
        switch rawValue {
        case "m.replace": self = .replace
        case "m.annotation": self = .annotation
        case "m.thread": self = .thread
        case "m.reference": self = .reference
        default: self = .other(rawValue)
        }
    }

    public var rawValue: String {
        switch self {
        case .replace: "m.replace"
        case .annotation: "m.annotation"
        case .thread: "m.thread"
        case .reference: "m.reference"
        case .other(let value): value
        }
    }
}
