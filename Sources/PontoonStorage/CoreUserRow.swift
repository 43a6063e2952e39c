import SQLKit

/// A Matrix user who has used the bridge (table `bridge_user`).
public struct UserRow: Sendable, Hashable {
    /// The Matrix user ID, e.g. `@alice:example.org`.
    public var mxid: String
    /// The room ID of the user's management room (their DM with the bridge bot), if there is one.
    public var managementRoom: String?
    /// When the bridge first stored the user, in milliseconds since 1970.
    public var createdAt: Int64

    public init(mxid: String, managementRoom: String? = nil, createdAt: Int64 = CoreTime.nowMilliseconds()) {
        self.mxid = mxid
        self.managementRoom = managementRoom
        self.createdAt = createdAt
    }

    static let columns = ["mxid", "management_room", "created_at"]

    init(decoding row: any SQLRow) throws {
        self.init(
            mxid: try row.decode(column: "mxid", as: String.self),
            managementRoom: try row.decode(column: "management_room", as: String?.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self))
    }

    func binds() throws -> [any SQLExpression] {
        [try CoreBind.text(mxid, "mxid"), try CoreBind.text(managementRoom, "management_room"), SQLBind(createdAt)]
    }
}
