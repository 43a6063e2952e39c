import PontoonMatrix
import PontoonStorage

/// Portals opened by a room alias (`#irc_libera_#chan:server`): the room exists before any login
/// is in the chat, so it is created from what the network says about the alias alone. Users who
/// join it are told to their logins (``MembershipSession/userJoined(_:)``), which join the chat.
extension Portal {
    func ensureRoom(alias: RoomAlias, info: ChatInfo) async throws {
        if try await loadRow() != nil, let room = roomID {
            // Already bridged: point the alias at it.
            if try await context.bot.resolveAlias(alias) == nil { try await context.bot.createAlias(alias, for: room) }
            return
        }
        let request = CreateRoomRequest(
            roomAliasName: alias.localpart, name: info.name, topic: info.topic, preset: .publicChat,
            initialState: bridgeState(chatName: info.name), powerLevelContentOverride: powerLevelOverride)
        let room = try await context.bot.createRoom(request)
        let created = PortalRow(
            key: rowKey, mxid: room.rawValue, name: info.name ?? "", topic: info.topic ?? "", avatarMXC: "",
            nameSet: info.name != nil, topicSet: info.topic != nil, avatarSet: false, isDirect: false, otherUserID: nil)
        try await store(created, room: room)
        logger.info("Portal room created for an alias", metadata: ["room": "\(room)", "alias": "\(alias)"])
    }
}
