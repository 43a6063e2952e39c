import Foundation
import Logging
import PontoonCrypto
import PontoonMatrix
import PontoonStorage

/// One remote chat and its Matrix room. Everything that touches it runs on its ``queue``, one item
/// at a time and in arrival order; portals run concurrently with each other.
actor Portal {
    let key: PortalKey
    let queue: OrderedWorkQueue
    let core: BridgeCore
    var context: BridgeContext { core.context }
    var logger: Logger

    /// The stored row; `nil` until loaded or while the chat has no portal yet.
    var row: PortalRow?
    private var loaded = false
    /// Matrix users invited (or known to be in the room) during this run.
    var members: Set<UserID> = []
    /// Matrix users last reported typing in the room.
    var typingUsers: Set<UserID> = []

    init(key: PortalKey, core: BridgeCore) {
        self.key = key
        self.core = core
        queue = OrderedWorkQueue(label: key.description)
        var logger = core.context.logger
        logger[metadataKey: "portal"] = "\(key)"
        self.logger = logger
    }

    var rowKey: PortalRowKey { key.rowKey }

    /// The stored row, read once.
    func loadRow() async throws -> PortalRow? {
        if !loaded {
            row = try await context.portals.get(rowKey)
            loaded = true
            if let room = roomID { core.portals.register(room, for: key) }
        }
        return row
    }

    var roomID: RoomID? { row?.mxid.flatMap { RoomID(rawValue: $0) } }

    /// The Matrix room, created when missing: the bot creates it with the bridge state events, the
    /// chat's name, topic and avatar, invites `owner` (marked direct for a DM) and the ghosts join.
    func ensureRoom(session: any RemoteSession, owner: UserID?) async throws -> RoomID {
        if try await loadRow() != nil, let room = roomID {
            if let owner { try await ensureMember(owner, room: room, isDirect: row?.isDirect ?? false) }
            return room
        }
        let info = try await session.chatInfo(key)
        var ghosts: [RemoteUserID] = info.members ?? []
        var isDirect = false
        if case .direct(let other) = info.kind {
            isDirect = true
            if !ghosts.contains(other) { ghosts.insert(other, at: 0) }
        }
        ghosts.removeAll { $0 == session.selfUserID }
        var ghostIntents: [Intent] = []
        for ghost in ghosts { ghostIntents.append(try await core.ghosts.intent(for: ghost, via: session)) }

        var state = bridgeState(chatName: info.name)
        let encrypted = context.encryption != nil && context.config.encryption.enabledByDefault
        if encrypted { state.append(.init(type: EncryptionContent.eventType, content: EncryptionContent().json)) }
        var avatarMXC = ""
        if let avatar = info.avatar {
            let picture = try await avatar.fetch()
            let mxc = try await context.bot.upload(Data(picture.data), contentType: picture.mimeType)
            avatarMXC = mxc.rawValue
            state.append(.init(type: RoomAvatarContent.eventType, content: ["url": .string(mxc.rawValue)]))
        }
        let invites = ghostIntents.map(\.userID) + (owner.map { [$0] } ?? [])
        let request = CreateRoomRequest(
            name: info.name, topic: info.topic, invite: invites, isDirect: isDirect ? true : nil,
            preset: .privateChat, initialState: state, powerLevelContentOverride: powerLevelOverride)
        // The bot creates the room, so it has full power in it (redacting, kicking, setting state).
        let room = try await context.bot.createRoom(request)
        if encrypted { await context.encryption?.rooms.setState(.encrypted(.default), of: room) }
        let created = PortalRow(
            key: rowKey, mxid: room.rawValue, name: info.name ?? "", topic: info.topic ?? "", avatarMXC: avatarMXC,
            nameSet: info.name != nil, topicSet: info.topic != nil, avatarSet: info.avatar != nil,
            isDirect: isDirect, otherUserID: isDirect ? ghosts.first?.rawValue : nil)
        try await store(created, room: room)
        logger.info("Portal room created", metadata: ["room": "\(room)"])

        for intent in ghostIntents {
            _ = try await intent.join(room.rawValue)
            await core.ghosts.markJoined(intent.userID, in: room)
        }
        if let owner {
            members.insert(owner)
            await joinAsDoublePuppet(owner, room: room, isDirect: isDirect)
        }
        if let levels = info.powerLevels {
            do { try await applyPowerLevels(levels, room: room) } catch {
                logger.warning("Power levels not set", metadata: ["room": "\(room)", "error": "\(error)"])
            }
        }
        await backfill(from: session, into: room)
        return room
    }

    /// Bridges the chat's recent history into a new room, with the original timestamps. A failure
    /// leaves the room without history; live messages are not held up by it.
    private func backfill(from session: any RemoteSession, into room: RoomID) async {
        guard let history = session as? any BackfillingSession else { return }
        do {
            for event in try await history.fetchHistory(key, limit: Self.backfillLimit) {
                guard case .message(let message) = event.kind else { continue }
                try await bridgeMessage(message, from: event.sender, session: session, room: room,
                                        timestamp: event.timestamp ?? Int64(Date().timeIntervalSince1970 * 1000))
            }
        } catch {
            logger.warning("Backfill failed", metadata: ["error": "\(error)"])
        }
    }

    /// How many messages a new portal room starts with.
    static let backfillLimit = 50

    /// Invites `user` unless they were invited during this run; an "already in the room" refusal is fine.
    func ensureMember(_ user: UserID, room: RoomID, isDirect: Bool) async throws {
        guard !members.contains(user) else { return }
        do {
            try await context.bot.invite(user, to: room)
        } catch let error as MatrixError where error.statusCode == 403 || error.statusCode == 400 {
            logger.debug("Invite not needed", metadata: ["user": "\(user)", "errcode": "\(error.errcode)"])
        }
        members.insert(user)
        await joinAsDoublePuppet(user, room: room, isDirect: isDirect)
    }

    /// With double puppeting the user's own account accepts the invite, and a DM goes into their
    /// `m.direct`, as if they had opened it themselves.
    private func joinAsDoublePuppet(_ user: UserID, room: RoomID, isDirect: Bool) async {
        guard let puppet = context.doublePuppets.intent(for: user) else { return }
        do {
            _ = try await puppet.join(room.rawValue)
            await core.ghosts.markJoined(user, in: room)
            if isDirect, let other = row?.otherUserID.map(RemoteUserID.init) {
                let ghost = try context.ghostIDs.userID(for: other)
                var direct = (try await puppet.getAccountData(type: "m.direct"))?.objectValue ?? [:]
                var rooms = direct[ghost.rawValue]?.arrayValue ?? []
                if !rooms.contains(.string(room.rawValue)) {
                    rooms.append(.string(room.rawValue))
                    direct[ghost.rawValue] = .array(rooms)
                    try await puppet.setAccountData(type: "m.direct", content: .object(direct))
                }
            }
        } catch {
            logger.warning("Double puppet could not join", metadata: ["user": "\(user)", "error": "\(error)"])
        }
    }

    /// Keeps the row of a room just created or adopted, so the portal and the room lookup find it
    /// from now on.
    func store(_ created: PortalRow, room: RoomID) async throws {
        row = created
        loaded = true
        try await context.portals.upsert(created)
        core.portals.register(room, for: key)
    }

    /// Power levels of new portal rooms: the `private_chat` preset's, except that every member may
    /// set the topic when the network takes topics from its members (its own rules decide).
    var powerLevelOverride: JSONValue? {
        guard context.network.capabilities.topics else { return nil }
        // An override of `events` replaces the whole map: the preset's entries are repeated.
        return ["events": [
            "m.room.name": 50, "m.room.power_levels": 100, "m.room.history_visibility": 100,
            "m.room.canonical_alias": 50, "m.room.avatar": 50, "m.room.tombstone": 100,
            "m.room.server_acl": 100, "m.room.encryption": 100, "m.room.topic": 0,
        ]]
    }

    /// `m.bridge` and `uk.half-shot.bridge` (MSC2346), keyed by network and chat.
    func bridgeState(chatName: String? = nil) -> [CreateRoomRequest.InitialStateEvent] {
        let name = chatName ?? (row?.name.isEmpty == false ? row?.name : nil)
        let content = BridgeInfoContent(
            bridgebot: context.botUserID,
            protocol: BridgeInfoSection(id: context.network.id, displayname: context.network.displayName),
            channel: BridgeInfoSection(id: key.chatID.rawValue, displayname: name))
        let stateKey = "org.pontoon://\(context.network.id)/\(key.chatID.rawValue)"
        return [BridgeInfoContent.eventType, BridgeInfoContent.unstableEventType].map {
            .init(type: $0, stateKey: stateKey, content: content.json)
        }
    }

    /// Stops bridging: the bridge state events are emptied (where the bot may), the portal and its
    /// message mapping are forgotten. The room itself stays.
    func delete() async throws {
        if let room = roomID {
            for event in bridgeState() {
                do {
                    _ = try await context.bot.sendStateEvent(to: room, type: event.type, stateKey: event.stateKey, content: [:])
                } catch {
                    logger.info("Bridge state not cleared", metadata: ["error": "\(error)"])
                }
            }
            core.portals.unregister(room)
        }
        try await context.portals.delete(rowKey)
        row = nil
        loaded = true
        members = []
    }

    /// Plumbs an existing room (the `bridge` command).
    func adopt(room: RoomID, name: String) async throws {
        var adopted = try await loadRow() ?? PortalRow(key: rowKey)
        adopted.mxid = room.rawValue
        adopted.name = name
        try await store(adopted, room: room)
        for event in bridgeState(chatName: name) {
            do {
                _ = try await context.bot.sendStateEvent(to: room, type: event.type, stateKey: event.stateKey, content: event.content)
            } catch let error as MatrixError where error.statusCode == 403 {
                // The room's admins didn't give the bot the power to set state; bridging works without it.
                logger.info("Bridge state not set", metadata: ["room": "\(room)", "errcode": "\(error.errcode)"])
            }
        }
    }

    func setRelay(_ loginID: LoginID?) async throws {
        guard try await loadRow() != nil else { throw CommandError("This room is not a portal any more.") }
        try await context.portals.setRelay(loginID?.rawValue, for: rowKey)
        row?.relayLoginID = loginID?.rawValue
    }
}
