import SQLKit

/// Which reaction a row is: one sender's one reaction to one part of one message. A network that allows one
/// reaction per user and message uses a fixed `emojiID` (e.g. `""`), so a new reaction replaces the old one.
public struct ReactionRowKey: Sendable, Hashable {
    /// The chat (portal) the message is in.
    public var chat: PortalRowKey
    /// The message reacted to, and its part (`""` for a single part).
    public var targetRemoteID: String
    public var targetPartID: String
    /// The reacting user's ID on the network.
    public var senderRemoteID: String
    /// The network's ID for the reaction, or the emoji itself.
    public var emojiID: String

    public init(
        chat: PortalRowKey,
        targetRemoteID: String,
        targetPartID: String = "",
        senderRemoteID: String,
        emojiID: String
    ) {
        self.chat = chat
        self.targetRemoteID = targetRemoteID
        self.targetPartID = targetPartID
        self.senderRemoteID = senderRemoteID
        self.emojiID = emojiID
    }

    /// The key columns but `network`, in the order of ``binds()``.
    static let columns = ["chat_id", "receiver", "target_remote_id", "target_part_id", "sender_remote_id", "emoji_id"]

    init(decoding row: any SQLRow) throws {
        self.init(
            chat: try PortalRowKey(decoding: row),
            targetRemoteID: try row.decode(column: "target_remote_id", as: String.self),
            targetPartID: try row.decode(column: "target_part_id", as: String.self),
            senderRemoteID: try row.decode(column: "sender_remote_id", as: String.self),
            emojiID: try row.decode(column: "emoji_id", as: String.self))
    }

    func binds() throws -> [any SQLExpression] {
        [
            try CoreBind.text(chat.chatID, "chat_id"), try CoreBind.text(chat.storedReceiver, "receiver"),
            try CoreBind.text(targetRemoteID, "target_remote_id"), try CoreBind.text(targetPartID, "target_part_id"),
            try CoreBind.text(senderRemoteID, "sender_remote_id"), try CoreBind.text(emojiID, "emoji_id"),
        ]
    }

    /// Narrows `query` (on the reaction table) to this reaction of `network`.
    func match<Builder: SQLPredicateBuilder>(_ query: Builder, network: String) throws -> Builder {
        try chat.match(query, network: network)
            .where("target_remote_id", .equal, try CoreBind.text(targetRemoteID, "target_remote_id"))
            .where("target_part_id", .equal, try CoreBind.text(targetPartID, "target_part_id"))
            .where("sender_remote_id", .equal, try CoreBind.text(senderRemoteID, "sender_remote_id"))
            .where("emoji_id", .equal, try CoreBind.text(emojiID, "emoji_id"))
    }
}
