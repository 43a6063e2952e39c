import PontoonMatrix

/// The running sessions, one per stored login, and what `ping` says about each.
actor SessionRegistry {
    struct Entry: Sendable {
        var login: StoredLogin
        let session: any RemoteSession
        /// `connected`, `connecting`, or why connecting failed.
        var state: String
    }

    private var entries: [LoginID: Entry] = [:]
    /// Logins in the order they were added, so "the user's first login" is stable.
    private var order: [LoginID] = []

    func add(_ login: StoredLogin, _ session: any RemoteSession) {
        if entries[login.loginID] == nil { order.append(login.loginID) }
        entries[login.loginID] = Entry(login: login, session: session, state: "connecting")
    }

    @discardableResult
    func remove(_ loginID: LoginID) -> Entry? {
        order.removeAll { $0 == loginID }
        return entries.removeValue(forKey: loginID)
    }

    func setState(_ state: String, for loginID: LoginID) {
        entries[loginID]?.state = state
    }

    func update(_ loginID: LoginID, remoteName: String, metadata: JSONValue) {
        entries[loginID]?.login.remoteName = remoteName
        entries[loginID]?.login.metadata = metadata
    }

    func entry(_ loginID: LoginID) -> Entry? { entries[loginID] }

    func session(_ loginID: LoginID) -> (any RemoteSession)? { entries[loginID]?.session }

    func owner(of loginID: LoginID) -> UserID? { entries[loginID]?.login.owner }

    /// The logins of `user`, oldest first.
    func logins(of user: UserID) -> [Entry] {
        order.compactMap { entries[$0] }.filter { $0.login.owner == user }
    }

    func all() -> [Entry] { order.compactMap { entries[$0] } }
}
