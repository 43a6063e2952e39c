import SQLKit

/// Which Matrix event each part of each bridged message of one network became (table `message`), for replies,
/// edits, deletions and reactions in both directions.
public struct CoreMessageStore: NetworkScopedStore {
    static let table = "message"
    public let scope: CoreStoreScope

    public init(scope: CoreStoreScope) {
        self.scope = scope
    }

    /// Records a bridged part, unless that part of that message in that chat is already recorded: the exactly-once
    /// guard of bridging. Of concurrent inserts of one part, exactly one returns true.
    ///
    /// - Returns: true if the part is new and now stored; false if it was already stored (nothing is changed).
    /// - Throws: a database error if `part.mxid` is already recorded in `part.roomMXID` for another part.
    public func insert(_ part: MessagePartRow) async throws -> Bool {
        // Only a key conflict means "already bridged"; a clash on the event ID is a bug and must surface.
        let inserted = try await context.sql.insert(into: Self.table)
            .columns(["network"] + MessagePartRow.columns)
            .values([try CoreBind.text(network, "network")] + part.binds())
            .ignoringConflicts(with: MessagePartRow.keyColumns)
            .returning("remote_id")
            .all()
        return !inserted.isEmpty
    }

    /// The part `partID` of the remote message `remoteID`, if stored.
    public func part(
        _ partID: String = "",
        of remoteID: String,
        in chat: PortalRowKey
    ) async throws -> MessagePartRow? {
        try await message(remoteID, in: chat)
            .where("part_id", .equal, try CoreBind.text(partID, "part_id"))
            .first()
            .map(MessagePartRow.init(decoding:))
    }

    /// Every stored part of the remote message `remoteID`, in part order; empty if it was never bridged.
    public func parts(of remoteID: String, in chat: PortalRowKey) async throws -> [MessagePartRow] {
        try await message(remoteID, in: chat)
            .orderBy("part_index").orderBy("part_id")
            .all()
            .map(MessagePartRow.init(decoding:))
    }

    /// The first part of the remote message `remoteID` (what a reply to the message points at).
    public func firstPart(of remoteID: String, in chat: PortalRowKey) async throws -> MessagePartRow? {
        try await message(remoteID, in: chat)
            .orderBy("part_index").orderBy("part_id")
            .first()
            .map(MessagePartRow.init(decoding:))
    }

    /// The last part of the remote message `remoteID` (what a read receipt for the message points at).
    public func lastPart(of remoteID: String, in chat: PortalRowKey) async throws -> MessagePartRow? {
        try await message(remoteID, in: chat)
            .orderBy("part_index", .descending).orderBy("part_id", .descending)
            .first()
            .map(MessagePartRow.init(decoding:))
    }

    /// The part that became the Matrix event `eventID` in room `roomID`, if it is a bridged message.
    public func byEventID(_ eventID: String, in roomID: String) async throws -> MessagePartRow? {
        try await select()
            .where("room_mxid", .equal, try CoreBind.text(roomID, "room_mxid"))
            .where("mxid", .equal, try CoreBind.text(eventID, "mxid"))
            .first()
            .map(MessagePartRow.init(decoding:))
    }

    /// The newest message in the chat by timestamp (its last part), e.g. to resume backfill from.
    /// Messages with the same timestamp have no meaningful order between them.
    public func lastMessage(in chat: PortalRowKey) async throws -> MessagePartRow? {
        try await chat.match(select(), network: network)
            .orderBy("timestamp", .descending).orderBy("part_index", .descending)
            .orderBy("remote_id", .descending).orderBy("part_id", .descending)
            .first()
            .map(MessagePartRow.init(decoding:))
    }

    /// Counts an edit of a stored part, in one statement (concurrent edits are all counted), and replaces its
    /// metadata when `metadata` is given.
    ///
    /// - Returns: the new edit count, or nil if the part is not stored.
    @discardableResult
    public func recordEdit(
        of remoteID: String,
        part partID: String = "",
        in chat: PortalRowKey,
        metadata: String? = nil
    ) async throws -> Int? {
        var update = context.sql.update(Self.table)
            .set("edit_count", to: SQLBinaryExpression(SQLColumn("edit_count"), .add, SQLLiteral.numeric("1")))
        if let metadata {
            update = update.set("metadata", to: try CoreBind.text(metadata, "metadata"))
        }
        let updated = try await chat.match(update, network: network)
            .where("remote_id", .equal, try CoreBind.text(remoteID, "remote_id"))
            .where("part_id", .equal, try CoreBind.text(partID, "part_id"))
            .returning("edit_count")
            .all()
        return try updated.first?.decode(column: "edit_count", as: Int.self)
    }

    /// Removes every part of the remote message `remoteID` and the reactions to it, in one transaction.
    ///
    /// - Returns: how many parts were removed.
    @discardableResult
    public func delete(_ remoteID: String, in chat: PortalRowKey) async throws -> Int {
        let network = self.network
        let remote = try CoreBind.text(remoteID, "remote_id")
        return try await context.atomically { db in
            try await chat.match(db.delete(from: CoreReactionStore.table), network: network)
                .where("target_remote_id", .equal, remote)
                .run()
            return try await chat.match(db.delete(from: Self.table), network: network)
                .where("remote_id", .equal, remote)
                .returning("part_id")
                .all()
                .count
        }
    }

    /// Removes every message of the chat and every reaction in it, in one transaction; the portal stays.
    /// (``CorePortalStore/delete(_:)`` does this itself when the portal goes.)
    public func deleteAll(in chat: PortalRowKey) async throws {
        let network = self.network
        try await context.atomically { db in
            try await chat.match(db.delete(from: CoreReactionStore.table), network: network).run()
            try await chat.match(db.delete(from: Self.table), network: network).run()
        }
    }

    private func select() throws -> SQLSelectBuilder {
        context.sql.select().columns(MessagePartRow.columns).from(Self.table)
            .where("network", .equal, try CoreBind.text(network, "network"))
    }

    private func message(_ remoteID: String, in chat: PortalRowKey) throws -> SQLSelectBuilder {
        try chat.match(context.sql.select().columns(MessagePartRow.columns).from(Self.table), network: network)
            .where("remote_id", .equal, try CoreBind.text(remoteID, "remote_id"))
    }
}
