import SQLKit

/// The remote users of one network that the bridge shows on Matrix as ghosts (table `ghost`).
public struct CoreGhostStore: NetworkScopedStore {
    static let table = "ghost"
    public let scope: CoreStoreScope

    public init(scope: CoreStoreScope) {
        self.scope = scope
    }

    /// The ghost of the remote user `remoteUserID`, if stored.
    public func get(_ remoteUserID: String) async throws -> GhostRow? {
        try await select()
            .where("remote_user_id", .equal, try CoreBind.text(remoteUserID, "remote_user_id"))
            .first()
            .map(GhostRow.init(decoding:))
    }

    /// Stores `ghost`, or replaces the stored ghost of its remote user.
    public func upsert(_ ghost: GhostRow) async throws {
        try await context.sql.insert(into: Self.table)
            .columns(["network"] + GhostRow.columns)
            .values([try CoreBind.text(network, "network")] + ghost.binds())
            .onConflict(with: ["network", "remote_user_id"]) { update in
                for column in GhostRow.mutableColumns { update.set(excludedValueOf: column) }
                return update
            }
            .run()
    }

    /// Forgets the ghost of `remoteUserID` (the Matrix account itself stays on the homeserver).
    ///
    /// - Returns: false if it was not stored.
    @discardableResult
    public func delete(_ remoteUserID: String) async throws -> Bool {
        let deleted = try await context.sql.delete(from: Self.table)
            .where("network", .equal, try CoreBind.text(network, "network"))
            .where("remote_user_id", .equal, try CoreBind.text(remoteUserID, "remote_user_id"))
            .returning("remote_user_id")
            .all()
        return !deleted.isEmpty
    }

    private func select() throws -> SQLSelectBuilder {
        context.sql.select().columns(GhostRow.columns).from(Self.table)
            .where("network", .equal, try CoreBind.text(network, "network"))
    }
}
