import SQLKit

/// One login of a Matrix user on the network (table `user_login`); its network is the store's.
public struct LoginRow: Sendable, Hashable {
    /// The login's ID, unique within the network.
    public var loginID: String
    /// The Matrix user it belongs to.
    public var mxid: String
    /// How the network names the account (a nick, a phone number), for display.
    public var remoteName: String
    /// The plugin's own data for the login (JSON, opaque here); `""` for none.
    public var metadata: String
    /// The plugin's last reported state (e.g. `connected`, `bad_credentials`); `""` for none.
    public var state: String
    /// When it was first stored, in milliseconds since 1970.
    public var createdAt: Int64

    public init(
        loginID: String,
        mxid: String,
        remoteName: String = "",
        metadata: String = "",
        state: String = "",
        createdAt: Int64 = CoreTime.nowMilliseconds()
    ) {
        self.loginID = loginID
        self.mxid = mxid
        self.remoteName = remoteName
        self.metadata = metadata
        self.state = state
        self.createdAt = createdAt
    }

    /// Every column but `network`, in the order of ``binds()``.
    static let columns = ["login_id", "mxid", "remote_name", "metadata", "state", "created_at"]

    init(decoding row: any SQLRow) throws {
        self.init(
            loginID: try row.decode(column: "login_id", as: String.self),
            mxid: try row.decode(column: "mxid", as: String.self),
            remoteName: try row.decode(column: "remote_name", as: String.self),
            metadata: try row.decode(column: "metadata", as: String.self),
            state: try row.decode(column: "state", as: String.self),
            createdAt: try row.decode(column: "created_at", as: Int64.self))
    }

    func binds() throws -> [any SQLExpression] {
        [
            try CoreBind.text(loginID, "login_id"), try CoreBind.text(mxid, "mxid"),
            try CoreBind.text(remoteName, "remote_name"), try CoreBind.text(metadata, "metadata"),
            try CoreBind.text(state, "state"), SQLBind(createdAt),
        ]
    }
}
