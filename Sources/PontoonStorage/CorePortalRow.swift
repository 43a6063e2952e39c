import SQLKit

/// A remote chat and the Matrix room it is bridged to (table `portal`); its network is the store's.
public struct PortalRow: Sendable, Hashable {
    /// The chat, and the login that sees it when it is not shared.
    public var key: PortalRowKey
    /// The Matrix room ID, once the room exists.
    public var mxid: String?
    /// The chat's name, topic and avatar (`mxc://` URI) as last bridged; `""` for none.
    public var name: String
    public var topic: String
    public var avatarMXC: String
    /// Whether the name, topic and avatar above were successfully set on the room (retry when false).
    public var nameSet: Bool
    public var topicSet: Bool
    public var avatarSet: Bool
    /// Whether the chat is a direct chat with one remote user.
    public var isDirect: Bool
    /// The remote user on the other side of a direct chat.
    public var otherUserID: String?
    /// The login that relays Matrix users' messages into the chat, if relaying is on.
    public var relayLoginID: String?
    /// Whether the room is end-to-end encrypted.
    public var encrypted: Bool
    /// The plugin's own data for the chat (JSON, opaque here); `""` for none.
    public var metadata: String
    /// When it was first stored, in milliseconds since 1970.
    public var createdAt: Int64

    public init(
        key: PortalRowKey,
        mxid: String? = nil,
        name: String = "",
        topic: String = "",
        avatarMXC: String = "",
        nameSet: Bool = false,
        topicSet: Bool = false,
        avatarSet: Bool = false,
        isDirect: Bool = false,
        otherUserID: String? = nil,
        relayLoginID: String? = nil,
        encrypted: Bool = false,
        metadata: String = "",
        createdAt: Int64 = CoreTime.nowMilliseconds()
    ) {
        self.key = key
        self.mxid = mxid
        self.name = name
        self.topic = topic
        self.avatarMXC = avatarMXC
        self.nameSet = nameSet
        self.topicSet = topicSet
        self.avatarSet = avatarSet
        self.isDirect = isDirect
        self.otherUserID = otherUserID
        self.relayLoginID = relayLoginID
        self.encrypted = encrypted
        self.metadata = metadata
        self.createdAt = createdAt
    }

    /// The columns an upsert replaces: all but the key and `created_at`.
    static let mutableColumns = [
        "mxid", "name", "topic", "avatar_mxc", "name_set", "topic_set", "avatar_set", "is_direct", "other_user_id",
        "relay_login_id", "encrypted", "metadata",
    ]
    /// Every column but `network`, in the order of ``binds()``.
    static let columns = ["chat_id", "receiver"] + mutableColumns + ["created_at"]

    init(decoding row: any SQLRow) throws {
        self.init(
            key: try PortalRowKey(decoding: row),
            mxid: try row.decode(column: "mxid", as: String?.self),
            name: try row.decode(column: "name", as: String.self),
            topic: try row.decode(column: "topic", as: String.self),
            avatarMXC: try row.decode(column: "avatar_mxc", as: String.self),
            nameSet: try row.decode(column: "name_set", as: Bool.self),
            topicSet: try row.decode(column: "topic_set", as: Bool.self),
            avatarSet: try row.decode(column: "avatar_set", as: Bool.self),
            isDirect: try row.decode(column: "is_direct", as: Bool.self),
            otherUserID: try row.decode(column: "other_user_id", as: String?.self),
            relayLoginID: try row.decode(column: "relay_login_id", as: String?.self),
            encrypted: try row.decode(column: "encrypted", as: Bool.self),
            metadata: try row.decode(column: "metadata", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self))
    }

    func binds() throws -> [any SQLExpression] {
        [
            try CoreBind.text(key.chatID, "chat_id"), try CoreBind.text(key.storedReceiver, "receiver"),
            try CoreBind.text(mxid, "mxid"), try CoreBind.text(name, "name"), try CoreBind.text(topic, "topic"),
            try CoreBind.text(avatarMXC, "avatar_mxc"), SQLBind(nameSet), SQLBind(topicSet), SQLBind(avatarSet),
            SQLBind(isDirect), try CoreBind.text(otherUserID, "other_user_id"),
            try CoreBind.text(relayLoginID, "relay_login_id"), SQLBind(encrypted),
            try CoreBind.text(metadata, "metadata"), SQLBind(createdAt),
        ]
    }
}
