import SQLKit

/// A remote user as the bridge shows them on Matrix, through a ghost account (table `ghost`); its network is the
/// store's.
public struct GhostRow: Sendable, Hashable {
    /// The user's ID on the network.
    public var remoteUserID: String
    /// The display name and avatar (`mxc://` URI) as last set on the ghost; `""` for none.
    public var name: String
    public var avatarMXC: String
    /// The network's ID (or hash) of the avatar behind `avatarMXC`, so that an unchanged avatar is not uploaded
    /// again; `""` for none.
    public var avatarSourceID: String
    /// Whether the name and avatar above were successfully set on the ghost (retry when false).
    public var nameSet: Bool
    public var avatarSet: Bool
    /// Whether the remote user is a bot.
    public var isBot: Bool
    /// The plugin's own data for the user (JSON, opaque here); `""` for none.
    public var metadata: String

    public init(
        remoteUserID: String,
        name: String = "",
        avatarMXC: String = "",
        avatarSourceID: String = "",
        nameSet: Bool = false,
        avatarSet: Bool = false,
        isBot: Bool = false,
        metadata: String = ""
    ) {
        self.remoteUserID = remoteUserID
        self.name = name
        self.avatarMXC = avatarMXC
        self.avatarSourceID = avatarSourceID
        self.nameSet = nameSet
        self.avatarSet = avatarSet
        self.isBot = isBot
        self.metadata = metadata
    }

    /// The columns an upsert replaces: all but the key.
    static let mutableColumns = [
        "name", "avatar_mxc", "avatar_source_id", "name_set", "avatar_set", "is_bot", "metadata",
    ]
    /// Every column but `network`, in the order of ``binds()``.
    static let columns = ["remote_user_id"] + mutableColumns

    init(decoding row: any SQLRow) throws {
        self.init(
            remoteUserID: try row.decode(column: "remote_user_id", as: String.self),
            name: try row.decode(column: "name", as: String.self),
            avatarMXC: try row.decode(column: "avatar_mxc", as: String.self),
            avatarSourceID: try row.decode(column: "avatar_source_id", as: String.self),
            nameSet: try row.decode(column: "name_set", as: Bool.self),
            avatarSet: try row.decode(column: "avatar_set", as: Bool.self),
            isBot: try row.decode(column: "is_bot", as: Bool.self),
            metadata: try row.decode(column: "metadata", as: String.self))
    }

    func binds() throws -> [any SQLExpression] {
        [
            try CoreBind.text(remoteUserID, "remote_user_id"), try CoreBind.text(name, "name"),
            try CoreBind.text(avatarMXC, "avatar_mxc"), try CoreBind.text(avatarSourceID, "avatar_source_id"),
            SQLBind(nameSet), SQLBind(avatarSet), SQLBind(isBot), try CoreBind.text(metadata, "metadata"),
        ]
    }
}
