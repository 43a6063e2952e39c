import SQLKit

/// The portals of one network: which remote chat is bridged to which Matrix room (table `portal`).
public struct CorePortalStore: NetworkScopedStore {
    static let table = "portal"
    public let scope: CoreStoreScope

    public init(scope: CoreStoreScope) {
        self.scope = scope
    }

    /// The portal of `key`, if stored.
    public func get(_ key: PortalRowKey) async throws -> PortalRow? {
        try await key.match(select(), network: network)
            .first()
            .map(PortalRow.init(decoding:))
    }

    /// The portal bridged to the Matrix room `roomID`, if any.
    public func get(byRoom roomID: String) async throws -> PortalRow? {
        try await select()
            .where("mxid", .equal, try CoreBind.text(roomID, "mxid"))
            .first()
            .map(PortalRow.init(decoding:))
    }

    /// Stores `portal`, or replaces the stored portal with its key (all but `createdAt`, which keeps the first
    /// value).
    ///
    /// - Throws: a database error if `portal.mxid` is the room of another portal.
    public func upsert(_ portal: PortalRow) async throws {
        try await context.sql.insert(into: Self.table)
            .columns(["network"] + PortalRow.columns)
            .values([try CoreBind.text(network, "network")] + portal.binds())
            .onConflict(with: ["network", "chat_id", "receiver"]) { update in
                for column in PortalRow.mutableColumns { update.set(excludedValueOf: column) }
                return update
            }
            .run()
    }

    /// Records the Matrix room of a stored portal (nil: it has none any more).
    ///
    /// - Returns: false if no portal `key` is stored.
    /// - Throws: a database error if `roomID` is the room of another portal.
    @discardableResult
    public func setRoom(_ roomID: String?, for key: PortalRowKey) async throws -> Bool {
        try await set("mxid", to: try CoreBind.text(roomID, "mxid"), for: key)
    }

    /// Sets the login that relays Matrix users' messages into the portal; nil turns relaying off.
    ///
    /// - Returns: false if no portal `key` is stored.
    @discardableResult
    public func setRelay(_ loginID: String?, for key: PortalRowKey) async throws -> Bool {
        try await set("relay_login_id", to: try CoreBind.text(loginID, "relay_login_id"), for: key)
    }

    /// Removes the portal together with its messages and reactions, in one transaction, so that a chat bridged
    /// again later starts with no stale event mappings. (There are no foreign keys to cascade; this is the one
    /// place that cleans up. To forget a chat's history but keep the portal, use
    /// ``CoreMessageStore/deleteAll(in:)``.)
    ///
    /// - Returns: false if no portal `key` was stored (its messages and reactions are removed all the same).
    @discardableResult
    public func delete(_ key: PortalRowKey) async throws -> Bool {
        let network = self.network
        return try await context.atomically { db in
            try await key.match(db.delete(from: CoreReactionStore.table), network: network).run()
            try await key.match(db.delete(from: CoreMessageStore.table), network: network).run()
            let deleted = try await key.match(db.delete(from: Self.table), network: network)
                .returning("chat_id")
                .all()
            return !deleted.isEmpty
        }
    }

    /// Every portal of the network, by chat ID and receiver.
    public func all() async throws -> [PortalRow] {
        try await select()
            .orderBy("chat_id").orderBy("receiver")
            .all()
            .map(PortalRow.init(decoding:))
    }

    /// The portals only the login `receiver` sees (its direct chats), or with nil the shared ones, by chat ID.
    public func portals(receiver: String?) async throws -> [PortalRow] {
        try await select()
            .where("receiver", .equal, try CoreBind.text(receiver ?? "", "receiver"))
            .orderBy("chat_id")
            .all()
            .map(PortalRow.init(decoding:))
    }

    private func select() throws -> SQLSelectBuilder {
        context.sql.select().columns(PortalRow.columns).from(Self.table)
            .where("network", .equal, try CoreBind.text(network, "network"))
    }

    private func set(_ column: String, to value: any SQLExpression, for key: PortalRowKey) async throws -> Bool {
        let updated = try await key.match(context.sql.update(Self.table).set(column, to: value), network: network)
            .returning("chat_id")
            .all()
        return !updated.isEmpty
    }
}
