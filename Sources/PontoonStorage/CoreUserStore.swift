import SQLKit

/// The Matrix users who have used the bridge (table `bridge_user`).
public struct CoreUserStore: Sendable {
    static let table = "bridge_user"
    private let context: CoreStoreContext

    public init(database: BridgeDatabase) {
        self.context = CoreStoreContext(database: database)
    }

    private init(context: CoreStoreContext) {
        self.context = context
    }

    /// This store, running its statements on `transaction` (the `db` of a ``BridgeDatabase/transaction(isolation:_:)``
    /// body) so that they commit or roll back with it.
    public func within(_ transaction: any SQLDatabase) -> CoreUserStore {
        CoreUserStore(context: context.within(transaction))
    }

    /// The user with Matrix ID `mxid`, if stored.
    public func get(_ mxid: String) async throws -> UserRow? {
        try await context.sql.select().columns(UserRow.columns).from(Self.table)
            .where("mxid", .equal, try CoreBind.text(mxid, "mxid"))
            .first()
            .map(UserRow.init(decoding:))
    }

    /// Stores `user`, or updates its management room if the user is already stored (`createdAt` keeps the first
    /// value).
    public func upsert(_ user: UserRow) async throws {
        try await context.sql.insert(into: Self.table)
            .columns(UserRow.columns)
            .values(try user.binds())
            .onConflict(with: ["mxid"]) { $0.set(excludedValueOf: "management_room") }
            .run()
    }

    /// Sets (or with nil, clears) the management room of a stored user.
    ///
    /// - Returns: false if no user `mxid` is stored (then nothing changes).
    @discardableResult
    public func setManagementRoom(_ room: String?, for mxid: String) async throws -> Bool {
        let updated = try await context.sql.update(Self.table)
            .set("management_room", to: try CoreBind.text(room, "management_room"))
            .where("mxid", .equal, try CoreBind.text(mxid, "mxid"))
            .returning("mxid")
            .all()
        return !updated.isEmpty
    }

    /// Every stored user, by Matrix ID.
    public func all() async throws -> [UserRow] {
        try await context.sql.select().columns(UserRow.columns).from(Self.table)
            .orderBy("mxid")
            .all()
            .map(UserRow.init(decoding:))
    }
}
