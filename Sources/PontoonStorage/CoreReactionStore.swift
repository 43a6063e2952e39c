import SQLKit

/// Which Matrix event each bridged reaction of one network is (table `reaction`), to remove or replace it later.
public struct CoreReactionStore: NetworkScopedStore {
    static let table = "reaction"
    public let scope: CoreStoreScope

    public init(scope: CoreStoreScope) {
        self.scope = scope
    }

    /// Stores `reaction`, replacing the stored reaction with its key, and returns the one it replaced so that its
    /// Matrix event can be redacted. Calls for one portal are expected one at a time (its work queue): two
    /// concurrent replacements of one key may both see the original as the one they replaced.
    ///
    /// - Returns: the reaction stored under the key before, or nil.
    /// - Throws: a database error if `reaction.mxid` is already recorded in its room for another reaction.
    @discardableResult
    public func upsert(_ reaction: ReactionRow) async throws -> ReactionRow? {
        let network = self.network
        let binds = [try CoreBind.text(network, "network")] + (try reaction.binds())
        return try await context.atomically { db in
            let previous = try await reaction.key.match(Self.select(on: db), network: network)
                .first()
                .map(ReactionRow.init(decoding:))
            try await db.insert(into: Self.table)
                .columns(["network"] + ReactionRow.columns)
                .values(binds)
                .onConflict(with: ["network"] + ReactionRowKey.columns) { update in
                    for column in ReactionRow.mutableColumns { update.set(excludedValueOf: column) }
                    return update
                }
                .run()
            return previous
        }
    }

    /// The reaction stored under `key`, if any.
    public func get(_ key: ReactionRowKey) async throws -> ReactionRow? {
        try await key.match(Self.select(on: context.sql), network: network)
            .first()
            .map(ReactionRow.init(decoding:))
    }

    /// The reaction that is the Matrix event `eventID` in room `roomID`, if it is a bridged reaction.
    public func byEventID(_ eventID: String, in roomID: String) async throws -> ReactionRow? {
        try await Self.select(on: context.sql)
            .where("network", .equal, try CoreBind.text(network, "network"))
            .where("room_mxid", .equal, try CoreBind.text(roomID, "room_mxid"))
            .where("mxid", .equal, try CoreBind.text(eventID, "mxid"))
            .first()
            .map(ReactionRow.init(decoding:))
    }

    /// The reactions to the remote message `remoteID` (to its part `partID`, or with nil to any part), oldest first.
    public func reactions(
        to remoteID: String,
        part partID: String? = nil,
        in chat: PortalRowKey
    ) async throws -> [ReactionRow] {
        var query = try chat.match(Self.select(on: context.sql), network: network)
            .where("target_remote_id", .equal, try CoreBind.text(remoteID, "target_remote_id"))
        if let partID {
            query = query.where("target_part_id", .equal, try CoreBind.text(partID, "target_part_id"))
        }
        return try await query
            .orderBy("timestamp").orderBy("target_part_id").orderBy("sender_remote_id").orderBy("emoji_id")
            .all()
            .map(ReactionRow.init(decoding:))
    }

    /// Removes the reaction stored under `key`.
    ///
    /// - Returns: false if there was none.
    @discardableResult
    public func delete(_ key: ReactionRowKey) async throws -> Bool {
        let deleted = try await key.match(context.sql.delete(from: Self.table), network: network)
            .returning("emoji_id")
            .all()
        return !deleted.isEmpty
    }

    private static func select(on db: any SQLDatabase) -> SQLSelectBuilder {
        db.select().columns(ReactionRow.columns).from(table)
    }
}
