import SQLKit

/// Which portal a row belongs to: the remote chat, and the login it is seen by.
///
/// The storage twin of the core's `PortalKey`, as raw strings (this module knows no bridge types).
public struct PortalRowKey: Sendable, Hashable, CustomStringConvertible {
    /// The chat's ID on the network.
    public var chatID: String
    /// The login that sees the chat when only one does (a DM); nil for a chat shared by every login.
    /// Stored as `''` when nil, so an empty login ID is also read back as nil.
    public var receiver: String?

    public init(chatID: String, receiver: String? = nil) {
        self.chatID = chatID
        self.receiver = receiver
    }

    public var description: String { receiver.map { "\(chatID)@\($0)" } ?? chatID }

    /// The `receiver` column's value.
    var storedReceiver: String { receiver ?? "" }

    init(decoding row: any SQLRow) throws {
        let receiver = try row.decode(column: "receiver", as: String.self)
        let chatID = try row.decode(column: "chat_id", as: String.self)
        self.init(chatID: chatID, receiver: receiver.isEmpty ? nil : receiver)
    }

    /// Narrows `query` (on a table with `network`, `chat_id` and `receiver` columns) to this chat of `network`.
    func match<Builder: SQLPredicateBuilder>(_ query: Builder, network: String) throws -> Builder {
        query
            .where("network", .equal, try CoreBind.text(network, "network"))
            .where("chat_id", .equal, try CoreBind.text(chatID, "chat_id"))
            .where("receiver", .equal, try CoreBind.text(storedReceiver, "receiver"))
    }
}
