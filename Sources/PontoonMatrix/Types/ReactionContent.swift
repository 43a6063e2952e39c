/// Content of `m.reaction`: an annotation relation to the reacted-to event.
public struct ReactionContent: EventContent {
    public static var eventType: String { "m.reaction" }

    /// The event reacted to.
    public var eventID: EventID
    /// The reaction: usually an emoji, sometimes text.
    public var key: String
    public var extra: [String: JSONValue] = [:]
    /// Unknown members inside `m.relates_to`, written back unchanged.
    private var relationExtra: [String: JSONValue] = [:]

    public init(eventID: EventID, key: String) {
        self.eventID = eventID
        self.key = key
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        let relation: Relation = try reader.requiredNested("m.relates_to")
        guard case .annotation(let eventID, let key) = relation.kind else {
            throw ContentDecodingError(path: "m.relates_to.rel_type", reason: "expected m.annotation")
        }
        self.eventID = eventID
        self.key = key
        var leftover = relation.json.objectValue ?? [:]
        for known in ["rel_type", "event_id", "key"] { leftover.removeValue(forKey: known) }
        relationExtra = leftover
        extra = reader.rest
    }

    public var json: JSONValue {
        var relation = relationExtra
        relation["rel_type"] = "m.annotation"
        relation["event_id"] = .string(eventID.rawValue)
        relation["key"] = .string(key)
        var object = extra
        object["m.relates_to"] = .object(relation)
        return .object(object)
    }
}
