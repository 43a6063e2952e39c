import SQLKit

/// The logins of Matrix users on one network (table `user_login`).
public struct CoreLoginStore: NetworkScopedStore {
    static let table = "user_login"
    public let scope: CoreStoreScope

    public init(scope: CoreStoreScope) {
        self.scope = scope
    }

    /// Stores `login`, or replaces the stored login with its ID (all but `createdAt`, which keeps the first value;
    /// this includes `mxid`: whether a login may move to another Matrix user is the caller's decision).
    public func upsert(_ login: LoginRow) async throws {
        let columns = ["network"] + LoginRow.columns
        try await context.sql.insert(into: Self.table)
            .columns(columns)
            .values([try CoreBind.text(network, "network")] + login.binds())
            .onConflict(with: ["network", "login_id"]) { update in
                for column in ["mxid", "remote_name", "metadata", "state"] { update.set(excludedValueOf: column) }
                return update
            }
            .run()
    }

    /// The login `loginID`, if stored.
    public func get(_ loginID: String) async throws -> LoginRow? {
        try await select()
            .where("login_id", .equal, try CoreBind.text(loginID, "login_id"))
            .first()
            .map(LoginRow.init(decoding:))
    }

    /// The logins of the Matrix user `mxid`, oldest first.
    public func logins(of mxid: String) async throws -> [LoginRow] {
        try await select()
            .where("mxid", .equal, try CoreBind.text(mxid, "mxid"))
            .orderBy("created_at").orderBy("login_id")
            .all()
            .map(LoginRow.init(decoding:))
    }

    /// Every login on the network, oldest first (to reconnect them at start-up).
    public func all() async throws -> [LoginRow] {
        try await select()
            .orderBy("created_at").orderBy("login_id")
            .all()
            .map(LoginRow.init(decoding:))
    }

    /// Removes the login, and in the same transaction stops portals of the network from relaying through it.
    /// Portals it is the receiver of stay: closing or cleaning their rooms is the bridge's job.
    ///
    /// - Returns: false if no such login was stored.
    @discardableResult
    public func delete(_ loginID: String) async throws -> Bool {
        let network = try CoreBind.text(self.network, "network")
        let login = try CoreBind.text(loginID, "login_id")
        return try await context.atomically { db in
            try await db.update(CorePortalStore.table)
                .set("relay_login_id", to: SQLLiteral.null)
                .where("network", .equal, network)
                .where("relay_login_id", .equal, login)
                .run()
            let deleted = try await db.delete(from: Self.table)
                .where("network", .equal, network)
                .where("login_id", .equal, login)
                .returning("login_id")
                .all()
            return !deleted.isEmpty
        }
    }

    private func select() throws -> SQLSelectBuilder {
        context.sql.select().columns(LoginRow.columns).from(Self.table)
            .where("network", .equal, try CoreBind.text(network, "network"))
    }
}
