/// What the network says about a chat; `nil` fields mean "leave as it is".
public struct ChatInfo: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// One other remote user: the portal is marked `is_direct` and put in the user's `m.direct`.
        case direct(with: RemoteUserID)
        case group
    }

    public var kind: Kind
    public var name: String?
    public var topic: String?
    /// The network's avatar as bytes to upload, with an ID that changes when the picture does.
    public var avatar: RemoteAvatar?
    /// Remote members to show as ghosts in the room (joined when they speak, at least).
    public var members: [RemoteUserID]?
    /// Matrix power levels for these remote users' ghosts (channel operators, voiced users); users
    /// not listed keep theirs, 0 takes a level away.
    public var powerLevels: [RemoteUserID: Int]?

    public init(kind: Kind, name: String? = nil, topic: String? = nil, avatar: RemoteAvatar? = nil, members: [RemoteUserID]? = nil,
                powerLevels: [RemoteUserID: Int]? = nil) {
        self.kind = kind
        self.name = name
        self.topic = topic
        self.avatar = avatar
        self.members = members
        self.powerLevels = powerLevels
    }
}

/// What the network says about a user, for their ghost.
public struct RemoteUserInfo: Sendable, Hashable {
    public var displayName: String?
    public var avatar: RemoteAvatar?
    public var isBot: Bool

    public init(displayName: String? = nil, avatar: RemoteAvatar? = nil, isBot: Bool = false) {
        self.displayName = displayName
        self.avatar = avatar
        self.isBot = isBot
    }
}

/// A picture from the network. `id` identifies its content, so the core re-uploads only on change.
public struct RemoteAvatar: Sendable, Hashable {
    public var id: String
    public var fetch: @Sendable () async throws -> (data: [UInt8], mimeType: String)

    public init(id: String, fetch: @escaping @Sendable () async throws -> (data: [UInt8], mimeType: String)) {
        self.id = id
        self.fetch = fetch
    }

    public static func == (lhs: RemoteAvatar, rhs: RemoteAvatar) -> Bool { lhs.id == rhs.id }
    public func hash(into hasher: inout Hasher) { hasher.combine(id) }
}
