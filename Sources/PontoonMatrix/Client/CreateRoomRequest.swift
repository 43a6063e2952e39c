/// The body of `POST /createRoom`; every field is optional.
///
/// On Synapse 1.163 the default room version is 12: the creator has unlimited power and must not
/// be listed in `power_level_content_override.users` (the homeserver answers 400 if it is).
public struct CreateRoomRequest: Sendable, Hashable, Encodable {
    public enum Visibility: String, Sendable, Hashable, Encodable {
        case `public`, `private`
    }

    public enum Preset: String, Sendable, Hashable, Encodable {
        case privateChat = "private_chat"
        case publicChat = "public_chat"
        case trustedPrivateChat = "trusted_private_chat"
    }

    /// A state event to put into the room at creation (`initial_state`).
    public struct InitialStateEvent: Sendable, Hashable, Encodable {
        public var type: String
        public var stateKey: String
        public var content: JSONValue

        public init(type: String, stateKey: String = "", content: JSONValue) {
            self.type = type
            self.stateKey = stateKey
            self.content = content
        }

        enum CodingKeys: String, CodingKey { case type, stateKey = "state_key", content }
    }

    public var visibility: Visibility?
    /// The localpart of an alias to create for the room.
    public var roomAliasName: String?
    public var name: String?
    public var topic: String?
    public var invite: [UserID]?
    public var isDirect: Bool?
    public var preset: Preset?
    public var roomVersion: String?
    public var creationContent: JSONValue?
    public var initialState: [InitialStateEvent]?
    public var powerLevelContentOverride: JSONValue?

    public init(
        visibility: Visibility? = nil, roomAliasName: String? = nil, name: String? = nil, topic: String? = nil,
        invite: [UserID]? = nil, isDirect: Bool? = nil, preset: Preset? = nil, roomVersion: String? = nil,
        creationContent: JSONValue? = nil, initialState: [InitialStateEvent]? = nil,
        powerLevelContentOverride: JSONValue? = nil
    ) {
        self.visibility = visibility
        self.roomAliasName = roomAliasName
        self.name = name
        self.topic = topic
        self.invite = invite
        self.isDirect = isDirect
        self.preset = preset
        self.roomVersion = roomVersion
        self.creationContent = creationContent
        self.initialState = initialState
        self.powerLevelContentOverride = powerLevelContentOverride
    }

    enum CodingKeys: String, CodingKey {
        case visibility, roomAliasName = "room_alias_name", name, topic, invite, isDirect = "is_direct", preset
        case roomVersion = "room_version", creationContent = "creation_content", initialState = "initial_state"
        case powerLevelContentOverride = "power_level_content_override"
    }
}

extension CreateRoomRequest {
    /// This request with `creator` taken out of the power-level override's `users`.
    func withoutCreatorInPowerLevels(_ creator: UserID) -> CreateRoomRequest {
        guard case .object(var override)? = powerLevelContentOverride,
              case .object(var users)? = override["users"], users[creator.rawValue] != nil else { return self }
        users[creator.rawValue] = nil
        override["users"] = .object(users)
        var copy = self
        copy.powerLevelContentOverride = .object(override)
        return copy
    }
}
