import SQLKit

/// One Matrix event that a remote message became (table `message`); its network is the store's.
///
/// A remote message with text and an image becomes two parts; a plain message is one part with `partID` `""`.
public struct MessagePartRow: Sendable, Hashable {
    /// The chat (portal) the message is in.
    public var chat: PortalRowKey
    /// The message's ID on the network.
    public var remoteID: String
    /// The part's ID within the message; `""` for a single part.
    public var partID: String
    /// The part's position in the message (0 first): orders ``CoreMessageStore/parts(of:in:)``.
    public var partIndex: Int
    /// The Matrix event ID of the part.
    public var mxid: String
    /// The Matrix room the event is in.
    public var roomMXID: String
    /// Who sent it: their ID on the network, and their Matrix user ID (a ghost, or a real user); `""` if unknown.
    public var senderRemoteID: String
    public var senderMXID: String
    /// When it was sent, in milliseconds since 1970.
    public var timestamp: Int64
    /// The remote message that roots the thread it is in, if any.
    public var threadRootRemoteID: String?
    /// The remote message (and part) it replies to, if any.
    public var replyToRemoteID: String?
    public var replyToPartID: String?
    /// How many times it has been edited.
    public var editCount: Int
    /// The plugin's own data for the part (JSON, opaque here); `""` for none.
    public var metadata: String

    public init(
        chat: PortalRowKey,
        remoteID: String,
        partID: String = "",
        partIndex: Int = 0,
        mxid: String,
        roomMXID: String,
        senderRemoteID: String = "",
        senderMXID: String = "",
        timestamp: Int64,
        threadRootRemoteID: String? = nil,
        replyToRemoteID: String? = nil,
        replyToPartID: String? = nil,
        editCount: Int = 0,
        metadata: String = ""
    ) {
        self.chat = chat
        self.remoteID = remoteID
        self.partID = partID
        self.partIndex = partIndex
        self.mxid = mxid
        self.roomMXID = roomMXID
        self.senderRemoteID = senderRemoteID
        self.senderMXID = senderMXID
        self.timestamp = timestamp
        self.threadRootRemoteID = threadRootRemoteID
        self.replyToRemoteID = replyToRemoteID
        self.replyToPartID = replyToPartID
        self.editCount = editCount
        self.metadata = metadata
    }

    /// The primary key.
    static let keyColumns = ["network", "chat_id", "receiver", "remote_id", "part_id"]
    /// Every column but `network`, in the order of ``binds()``.
    static let columns = [
        "chat_id", "receiver", "remote_id", "part_id", "part_index", "mxid", "room_mxid", "sender_remote_id",
        "sender_mxid", "timestamp", "thread_root_remote_id", "reply_to_remote_id", "reply_to_part_id", "edit_count",
        "metadata",
    ]

    init(decoding row: any SQLRow) throws {
        self.init(
            chat: try PortalRowKey(decoding: row),
            remoteID: try row.decode(column: "remote_id", as: String.self),
            partID: try row.decode(column: "part_id", as: String.self),
            partIndex: try row.decode(column: "part_index", as: Int.self),
            mxid: try row.decode(column: "mxid", as: String.self),
            roomMXID: try row.decode(column: "room_mxid", as: String.self),
            senderRemoteID: try row.decode(column: "sender_remote_id", as: String.self),
            senderMXID: try row.decode(column: "sender_mxid", as: String.self),
            timestamp: try row.decode(column: "timestamp", as: Int64.self),
            threadRootRemoteID: try row.decode(column: "thread_root_remote_id", as: String?.self),
            replyToRemoteID: try row.decode(column: "reply_to_remote_id", as: String?.self),
            replyToPartID: try row.decode(column: "reply_to_part_id", as: String?.self),
            editCount: try row.decode(column: "edit_count", as: Int.self),
            metadata: try row.decode(column: "metadata", as: String.self))
    }

    func binds() throws -> [any SQLExpression] {
        [
            try CoreBind.text(chat.chatID, "chat_id"), try CoreBind.text(chat.storedReceiver, "receiver"),
            try CoreBind.text(remoteID, "remote_id"), try CoreBind.text(partID, "part_id"), SQLBind(partIndex),
            try CoreBind.text(mxid, "mxid"), try CoreBind.text(roomMXID, "room_mxid"),
            try CoreBind.text(senderRemoteID, "sender_remote_id"), try CoreBind.text(senderMXID, "sender_mxid"),
            SQLBind(timestamp), try CoreBind.text(threadRootRemoteID, "thread_root_remote_id"),
            try CoreBind.text(replyToRemoteID, "reply_to_remote_id"),
            try CoreBind.text(replyToPartID, "reply_to_part_id"), SQLBind(editCount),
            try CoreBind.text(metadata, "metadata"),
        ]
    }
}
