/// Content of the `m.bridge` state event (MSC2346), which tells clients that a room is bridged and to what.
///
/// Sent under both `m.bridge` and the older `uk.half-shot.bridge`; the state key identifies the
/// bridged channel (conventionally `<bridge id>://<protocol>/<network>/<channel>`).
public struct BridgeInfoContent: EventContent {
    public static var eventType: String { "m.bridge" }
    /// The event type older clients read.
    public static let unstableEventType = "uk.half-shot.bridge"

    /// The bridge bot.
    public var bridgebot: UserID
    /// Who created the bridge link.
    public var creator: UserID?
    /// The remote protocol (e.g. IRC).
    public var `protocol`: BridgeInfoSection
    /// The remote network/workspace, when the protocol has several.
    public var network: BridgeInfoSection?
    /// The remote channel this room is linked to.
    public var channel: BridgeInfoSection
    public var extra: [String: JSONValue] = [:]

    public init(bridgebot: UserID, creator: UserID? = nil, protocol: BridgeInfoSection, network: BridgeInfoSection? = nil, channel: BridgeInfoSection) {
        self.bridgebot = bridgebot
        self.creator = creator
        self.protocol = `protocol`
        self.network = network
        self.channel = channel
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        bridgebot = try reader.requiredIdentifier("bridgebot")
        creator = reader.lenientIdentifier("creator")
        `protocol` = try reader.requiredNested("protocol")
        network = try reader.nested("network")
        channel = try reader.requiredNested("channel")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["bridgebot"] = .string(bridgebot.rawValue)
        if let creator { object["creator"] = .string(creator.rawValue) }
        object["protocol"] = `protocol`.json
        if let network { object["network"] = network.json }
        object["channel"] = channel.json
        return .object(object)
    }
}

/// One of the `protocol`, `network` and `channel` sections of ``BridgeInfoContent``.
public struct BridgeInfoSection: JSONObjectCodable {
    public var id: String
    public var displayname: String?
    public var avatarURL: MXCURI?
    public var externalURL: String?
    public var extra: [String: JSONValue] = [:]

    public init(id: String, displayname: String? = nil, avatarURL: MXCURI? = nil, externalURL: String? = nil) {
        self.id = id
        self.displayname = displayname
        self.avatarURL = avatarURL
        self.externalURL = externalURL
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        id = try reader.requiredString("id")
        displayname = try reader.string("displayname")
        avatarURL = reader.lenientIdentifier("avatar_url")
        externalURL = try reader.string("external_url")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        object["id"] = .string(id)
        if let displayname { object["displayname"] = .string(displayname) }
        if let avatarURL { object["avatar_url"] = .string(avatarURL.rawValue) }
        if let externalURL { object["external_url"] = .string(externalURL) }
        return .object(object)
    }
}
