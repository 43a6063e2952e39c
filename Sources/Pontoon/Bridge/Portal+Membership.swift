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

/// Matrix → network room state: a topic set on Matrix by a user with their own login.
extension Portal {
    func bridgeMatrixTopic(_ content: RoomTopicContent, eventID: EventID, sender: UserID, room: RoomID) async throws {
        let topic = content.topic ?? ""
        // The portal's own echo of a network topic (set by the bot) never gets here; an unchanged
        // topic (a client re-sending state) is not worth a line on the network.
        guard var row = try await loadRow(), topic != row.topic || !row.topicSet,
              let route = try await route(for: sender), case .loggedIn = route.sender,
              let session = route.session as? any TopicSettingSession else { return }
        do {
            try await withTransientRetries { try await session.setTopic(topic, in: self.key) }
        } catch let error as RemoteSendError {
            // The network kept its topic: so does the room, or the two would disagree from now on.
            if row.topicSet {
                _ = try? await context.bot.sendStateEvent(to: room, type: RoomTopicContent.eventType, content: ["topic": .string(row.topic)])
            }
            throw error
        }
        row.topic = topic
        row.topicSet = true
        let updated = row
        self.row = updated
        try await record(eventID, room: room) { db in try await self.context.portals.within(db).upsert(updated) }
    }
}
