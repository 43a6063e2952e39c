import SQLKit

/// A bridged reaction and the Matrix event it is (table `reaction`); its network is the store's.
public struct ReactionRow: Sendable, Hashable {
    public var key: ReactionRowKey
    /// The emoji (or the network's text for the reaction), as shown on Matrix.
    public var emoji: String
    /// The Matrix event ID of the reaction, and its room.
    public var mxid: String
    public var roomMXID: String
    /// When it was sent, in milliseconds since 1970.
    public var timestamp: Int64

    public init(key: ReactionRowKey, emoji: String, mxid: String, roomMXID: String, timestamp: Int64) {
        self.key = key
        self.emoji = emoji
        self.mxid = mxid
        self.roomMXID = roomMXID
        self.timestamp = timestamp
    }

    /// The columns an upsert replaces: all but the key.
    static let mutableColumns = ["emoji", "mxid", "room_mxid", "timestamp"]
    /// Every column but `network`, in the order of ``binds()``.
    static let columns = ReactionRowKey.columns + mutableColumns

    init(decoding row: any SQLRow) throws {
        self.init(
            key: try ReactionRowKey(decoding: row),
            emoji: try row.decode(column: "emoji", as: String.self),
            mxid: try row.decode(column: "mxid", as: String.self),
            roomMXID: try row.decode(column: "room_mxid", as: String.self),
            timestamp: try row.decode(column: "timestamp", as: Int64.self))
    }

    func binds() throws -> [any SQLExpression] {
        try key.binds() + [
            try CoreBind.text(emoji, "emoji"), try CoreBind.text(mxid, "mxid"),
            try CoreBind.text(roomMXID, "room_mxid"), SQLBind(timestamp),
        ]
    }
}
