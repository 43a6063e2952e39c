import Foundation
import Logging
import PontoonMatrix
import PontoonStorage

/// Ghosts: registered on first use, profile synced only when the network reports a change, joined
/// to the rooms they act in. What is done is remembered for the process's lifetime, so the hot path
/// (a ghost speaking again in a room it is in) makes no extra homeserver call.
actor GhostManager {
    private let context: BridgeContext
    private var ready: Set<RemoteUserID> = []
    private var joined: Set<RoomMember> = []

    private struct RoomMember: Hashable {
        let user: UserID
        let room: RoomID
    }

    init(context: BridgeContext) {
        self.context = context
    }

    /// The ghost of `remote`, registered, with the profile `session` reports the first time.
    func intent(for remote: RemoteUserID, via session: (any RemoteSession)?) async throws -> Intent {
        let userID = try context.ghostIDs.userID(for: remote)
        let intent = context.homeserver.intent(for: userID)
        guard !ready.contains(remote) else { return intent }
        try await intent.ensureRegistered()
        let stored = try await context.ghosts.get(remote.rawValue)
        if stored?.nameSet != true, let session {
            do {
                try await sync(remote, info: try await session.userInfo(remote))
            } catch {
                context.logger.warning("Ghost profile not set", metadata: ["ghost": "\(userID)", "error": "\(error)"])
            }
        }
        ready.insert(remote)
        return intent
    }

    /// Sets the ghost's name and avatar where they differ from what was set before.
    func sync(_ remote: RemoteUserID, info: RemoteUserInfo) async throws {
        let intent = context.homeserver.intent(for: try context.ghostIDs.userID(for: remote))
        var row = try await context.ghosts.get(remote.rawValue) ?? GhostRow(remoteUserID: remote.rawValue)
        row.isBot = info.isBot
        if let name = info.displayName, !name.isEmpty, name != row.name || !row.nameSet {
            try await intent.setDisplayName(name)
            row.name = name
            row.nameSet = true
        }
        if let avatar = info.avatar, avatar.id != row.avatarSourceID || !row.avatarSet {
            let picture = try await avatar.fetch()
            let mxc = try await intent.upload(Data(picture.data), contentType: picture.mimeType)
            try await intent.setAvatarURL(mxc)
            row.avatarMXC = mxc.rawValue
            row.avatarSourceID = avatar.id
            row.avatarSet = true
        }
        try await context.ghosts.upsert(row)
    }

    /// Makes `intent`'s user a member of `room`: joins, and when the room wants an invite the bot
    /// invites first.
    func ensureJoined(_ intent: Intent, room: RoomID) async throws {
        let key = RoomMember(user: intent.userID, room: room)
        guard !joined.contains(key) else { return }
        do {
            _ = try await intent.join(room.rawValue)
        } catch let error as MatrixError where error.statusCode == 403 {
            try await context.bot.invite(intent.userID, to: room)
            _ = try await intent.join(room.rawValue)
        }
        joined.insert(key)
    }

    /// Forgets that `user` is in `room` (it left or was removed).
    func forget(_ user: UserID, in room: RoomID) {
        joined.remove(RoomMember(user: user, room: room))
    }

    /// Records that `user` is in `room` without a homeserver call (it joined while creating it).
    func markJoined(_ user: UserID, in room: RoomID) {
        joined.insert(RoomMember(user: user, room: room))
    }
}
