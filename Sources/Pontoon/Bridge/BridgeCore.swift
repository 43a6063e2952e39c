import Foundation
import Logging
import PontoonMatrix
import PontoonStorage
import Synchronization

/// The bridge core: sessions, ghosts, portals, management rooms and commands of one network.
final class BridgeCore: Sendable {
    let context: BridgeContext
    let sessions = SessionRegistry()
    let ghosts: GhostManager
    let managementRooms: ManagementRooms
    let roomQueues = RoomQueues()
    let commands: CommandProcessor<BridgeServices>
    let portals = PortalRegistry()

    init(context: BridgeContext, extraCommands: [Command<BridgeServices>]) throws {
        self.context = context
        ghosts = GhostManager(context: context)
        managementRooms = ManagementRooms(store: context.users)
        var registry = CommandRegistry<BridgeServices>()
        for command in CoreCommands.all + extraCommands { try registry.register(command) }
        commands = CommandProcessor(commands: registry, prefix: context.config.bridge.commandPrefix,
                                    permissions: context.permissions, logger: .pontoon("commands"))
    }

    /// The portal of `key`, made on first use.
    func portal(for key: PortalKey) -> Portal {
        portals.portal(for: key) { Portal(key: key, core: self) }
    }

    /// The portal bridged to `room`, if any.
    func portal(forRoom room: RoomID) async throws -> Portal? {
        guard let key = try await portals.key(forRoom: room, store: context.portals) else { return nil }
        return portal(for: key)
    }

    // MARK: - Sessions

    /// Makes and registers the session of every stored login, without connecting: Matrix events
    /// redelivered at start find their route before the network is up.
    func loadStoredLogins() async throws {
        for row in try await context.logins.all() {
            guard let owner = UserID(rawValue: row.mxid) else { continue }
            let metadata = (try? JSONValue(parsing: row.metadata)) ?? .object([:])
            let login = StoredLogin(loginID: LoginID(row.loginID), owner: owner, remoteName: row.remoteName, metadata: metadata)
            try await register(login)
        }
    }

    /// Connects every registered session (after the start-up checks).
    func connectAll() async {
        for entry in await sessions.all() { connect(entry.session, loginID: entry.login.loginID) }
    }

    /// Makes and registers a login's session.
    @discardableResult
    func register(_ login: StoredLogin) async throws -> any RemoteSession {
        let session = try await context.network.makeSession(for: login, events: CoreEventSink(core: self))
        await sessions.add(login, session)
        return session
    }

    /// Connects a session in the background (a slow network doesn't hold up the others); its state
    /// shows in `ping`.
    func connect(_ session: any RemoteSession, loginID: LoginID) {
        let sessions = sessions
        let logger = context.logger
        Task {
            do {
                try await session.connect()
                await sessions.setState("connected", for: loginID)
            } catch {
                logger.warning("Session did not connect", metadata: ["login": "\(loginID)", "error": "\(error)"])
                await sessions.setState("not connected: \(error)", for: loginID)
            }
        }
    }

    /// Disconnects every session (shutdown).
    func stopSessions() async {
        for entry in await sessions.all() { await entry.session.disconnect() }
    }

    // MARK: - Commands

    /// Whether a portal message is a command (it starts with the prefix) rather than chat.
    func isPortalCommand(_ content: MessageContent) -> Bool {
        (content.msgtype == .text || content.msgtype == .notice) && commands.parser.parse(content.body, in: .portal) != nil
    }

    /// Runs a prefixed command sent in a portal.
    func runPortalCommand(_ content: MessageContent, sender: UserID, room: RoomID, eventID: EventID) async {
        let message = CommandMessage(sender: sender, roomID: room, room: .portal, body: content.body, eventID: eventID)
        _ = await commands.handle(message, services: BridgeServices(core: self), reply: replySink(room))
    }

    /// Sends command replies as the bot's `m.notice`s.
    func replySink(_ room: RoomID) -> CommandReplySink {
        let bot = context.bot
        let logger = context.logger
        return { reply in
            let content = MessageContent.notice(reply.body, html: reply.formattedBody)
            do {
                _ = try await bot.sendMessageEvent(to: room, type: MessageContent.eventType, content: content.json)
            } catch {
                logger.error("Command reply not sent", metadata: ["room": "\(room)", "error": "\(error)"])
            }
        }
    }
}

/// Where sessions push remote events: onto the portal's queue, never waiting.
struct CoreEventSink: RemoteEventSink {
    let core: BridgeCore

    func push(_ event: RemoteEvent) {
        let portal = core.portal(for: event.portal)
        portal.queue.enqueue { await portal.handleRemote(event) }
    }

    func deliver(_ event: RemoteEvent) async throws {
        let portal = core.portal(for: event.portal)
        try await portal.queue.perform { try await portal.bridgeRemote(event) }
    }

    func publicLink(forText text: String) async -> String? {
        guard let links = core.context.publicMedia else { return nil }
        do {
            return try await links.link(forText: text)
        } catch {
            core.context.logger.warning("Long message not uploaded", metadata: ["error": "\(error)"])
            return nil
        }
    }

    func saveLoginMetadata(_ loginID: LoginID, _ metadata: JSONValue) async {
        do {
            try await core.updateLogin(loginID, metadata: metadata)
        } catch {
            core.context.logger.error("Login state not saved", metadata: ["login": "\(loginID)", "error": "\(error)"])
        }
    }
}

/// One ordered queue per room that is not a portal (management rooms, rooms being plumbed), so a
/// slow command doesn't hold up the inbox and a user's messages are answered in order.
final class RoomQueues: Sendable {
    private let queues = Mutex<[RoomID: OrderedWorkQueue]>([:])

    func queue(for room: RoomID) -> OrderedWorkQueue {
        queues.withLock { queues in
            if let queue = queues[room] { return queue }
            let queue = OrderedWorkQueue(label: room.rawValue)
            queues[room] = queue
            return queue
        }
    }
}

/// Each user's management room (their DM with the bot), cached from `bridge_user`.
actor ManagementRooms {
    private let store: CoreUserStore
    private var cache: [UserID: RoomID?] = [:]

    init(store: CoreUserStore) {
        self.store = store
    }

    func room(of user: UserID) async throws -> RoomID? {
        if let cached = cache[user] { return cached }
        let room = try await store.get(user.rawValue)?.managementRoom.flatMap { RoomID(rawValue: $0) }
        cache[user] = room
        return room
    }

    func set(_ room: RoomID, for user: UserID) async throws {
        try await store.upsert(UserRow(mxid: user.rawValue, managementRoom: room.rawValue))
        cache[user] = room
    }
}
