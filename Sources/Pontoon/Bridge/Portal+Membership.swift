import PontoonMatrix

/// Matrix → network membership: a user joining or leaving a portal room, or kicking a ghost from
/// it, is told to their own login (``MembershipSession``), so the network follows the room.
extension Portal {
    func bridgeMatrixMembership(_ content: MemberContent, target: String?, eventID: EventID, sender: UserID, room: RoomID) async throws {
        guard let target, let targetID = try? UserID(validating: target),
              let route = try await route(for: sender), case .loggedIn = route.sender,
              let session = route.session as? any MembershipSession else { return }
        if targetID == sender {
            switch content.membership {
            case .join: try await withTransientRetries { try await session.userJoined(self.key) }
            case .leave: try await withTransientRetries { try await session.userLeft(self.key, reason: content.reason) }
            default: return
            }
        } else if content.membership == .leave || content.membership == .ban,
                  let remote = context.ghostIDs.remoteUserID(for: targetID) {
            try await withTransientRetries { try await session.kick(remote, from: self.key, reason: content.reason) }
        } else {
            return
        }
        try await record(eventID, room: room) { _ in }
    }
}
