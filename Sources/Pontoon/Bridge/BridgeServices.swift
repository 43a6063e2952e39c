import PontoonMatrix

/// What commands reach the bridge through (``CommandContext/services``): the core's own commands,
/// and a network's, passed to ``Bridge/handlers(for:services:commands:)``.
public struct BridgeServices: CommandServices {
    let core: BridgeCore

    /// The bridged network.
    public var network: any RemoteNetwork { core.context.network }

    public func isLoggedIn(_ user: UserID) async -> Bool {
        !(await core.sessions.logins(of: user)).isEmpty
    }

    /// The user's logins with their sessions, oldest first.
    public func logins(of user: UserID) async -> [(login: StoredLogin, session: any RemoteSession)] {
        await core.sessions.logins(of: user).map { ($0.login, $0.session) }
    }

    /// The chat bridged to `room`, when `room` is a portal.
    public func portalKey(forRoom room: RoomID) async throws -> PortalKey? {
        try await core.portal(forRoom: room)?.key
    }

    /// The portal room of `key`, created through `session` when missing, with `user` invited.
    public func openPortal(_ key: PortalKey, through session: any RemoteSession, for user: UserID) async throws -> RoomID {
        let portal = core.portal(for: key)
        return try await portal.queue.perform { try await portal.ensureRoom(session: session, owner: user) }
    }

    /// Stores what changed about a login on the network (an IRC nick change): its shown name and
    /// the plugin's metadata, so the next start connects with them.
    public func updateLogin(_ loginID: LoginID, remoteName: String, metadata: JSONValue) async throws {
        try await core.updateLogin(loginID, remoteName: remoteName, metadata: metadata)
    }
}
