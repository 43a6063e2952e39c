import Logging
import PontoonMatrix

/// Routes what the homeserver pushes: portal rooms to their portal's queue, other rooms to their
/// own queue (commands), the bot's invites to the invite handling. A delivery is completed when
/// its work has run, so a crash before that brings it back after the restart.
struct BridgeEventHandler: MatrixEventHandler {
    let core: BridgeCore

    func handle(_ delivery: InboxDelivery) async {
        let encryption = core.context.encryption
        switch delivery.item {
        case .event(let event):
            await encryption?.observe(event)
            if let encryption, event.type == EncryptedContent.eventType {
                await routeEncrypted(event, encryption, delivery)
            } else {
                await route(event, delivery)
            }
        case .ephemeral(let event):
            await route(event, delivery)
        case .toDevice(let event):
            // Handled here, not on a room queue: a decryption waiting on a queue needs this key.
            await encryption?.handle(event)
            delivery.complete()
        case .deviceState(let state):
            await encryption?.handle(state)
            delivery.complete()
        }
    }

    private func route(_ event: ClientEvent, _ delivery: InboxDelivery) async {
        guard let room = event.roomID, let sender = event.sender else { return delivery.complete() }
        do {
            guard let (queue, work) = try await destination(of: event, room: room, sender: sender) else { return delivery.complete() }
            queue.enqueue {
                await work()
                delivery.complete()
            }
        } catch {
            // The portal lookup failed (database): leave the item journaled; the next start retries it.
            core.context.logger.error("Event not routed", metadata: ["room": "\(room)", "error": "\(error)"])
        }
    }

    /// The queue an event's work runs on, and the work; nil when the bridge has nothing to do with it.
    private func destination(of event: ClientEvent, room: RoomID, sender: UserID) async throws
        -> (OrderedWorkQueue, @Sendable () async -> Void)? {
        let core = core
        if event.type == MemberContent.eventType, event.stateKey == core.context.botUserID.rawValue {
            return (core.roomQueues.queue(for: room), { await core.handleBotMembership(event, room: room) })
        } else if let (ghost, remote) = invitedGhost(event) {
            return (core.roomQueues.queue(for: room), {
                await core.handleGhostInvite(event, room: room, inviter: sender, ghost: ghost, remote: remote)
            })
        } else if let portal = try await core.portal(forRoom: room) {
            return (portal.queue, { await portal.handleMatrix(event) })
        } else if event.type == MessageContent.eventType, !core.context.isBridgeUser(sender) {
            return (core.roomQueues.queue(for: room), { await core.handleRoomMessage(event, room: room, sender: sender) })
        }
        return nil
    }

    /// Decrypts an `m.room.encrypted` event on its room's queue (waiting there for a late room key
    /// keeps the room's order) and then does what the decrypted event calls for, on the same queue.
    private func routeEncrypted(_ event: ClientEvent, _ encryption: BridgeEncryption, _ delivery: InboxDelivery) async {
        guard let room = event.roomID, let sender = event.sender, let eventID = event.eventID,
              !core.context.isBridgeUser(sender), !event.isRedacted else { return delivery.complete() }
        let core = core
        let queue: OrderedWorkQueue
        do {
            queue = try await core.portal(forRoom: room)?.queue ?? core.roomQueues.queue(for: room)
        } catch {
            return core.context.logger.error("Event not routed", metadata: ["room": "\(room)", "error": "\(error)"])
        }
        queue.enqueue {
            do {
                let decrypted = try await encryption.decrypt(event)
                if let (_, work) = try await destination(of: decrypted, room: room, sender: sender) { await work() }
            } catch let failure as RoomDecryptionFailure {
                await core.reportUndecryptable(failure, eventID: eventID, room: room)
            } catch {
                core.context.logger.error("Decrypted event not routed", metadata: ["room": "\(room)", "error": "\(error)"])
            }
            delivery.complete()
        }
    }

    /// The ghost an `m.room.member` invite is for, when it invites one of the bridge's ghosts.
    private func invitedGhost(_ event: ClientEvent) -> (UserID, RemoteUserID)? {
        guard event.type == MemberContent.eventType, case .member(let member) = event.typedContent, member.membership == .invite,
              let target = event.stateKey.flatMap(UserID.init(rawValue:)),
              let remote = core.context.ghostIDs.remoteUserID(for: target) else { return nil }
        return (target, remote)
    }

    private func route(_ event: EphemeralEvent, _ delivery: InboxDelivery) async {
        guard let room = event.roomID, let portal = try? await core.portal(forRoom: room) else {
            return delivery.complete()
        }
        portal.queue.enqueue {
            await portal.handleEphemeral(event)
            delivery.complete()
        }
    }
}

/// Answers the homeserver's user queries for ghosts, so a DM to a ghost that was never used works.
struct BridgeQueries: AppserviceQueryHandler {
    let core: BridgeCore

    func userExists(_ userID: UserID) async throws -> Bool {
        guard let remote = core.context.ghostIDs.remoteUserID(for: userID) else { return false }
        _ = try await core.ghosts.intent(for: remote, via: nil)
        return true
    }

    /// Creates the portal room of a chat named by an alias in the network's alias namespace.
    func aliasExists(_ alias: RoomAlias) async throws -> Bool {
        let context = core.context
        guard alias.server == context.botUserID.server, let template = context.network.aliasTemplate,
              let name = AliasTemplate.match(alias.localpart, template: template),
              let (key, info) = context.network.portal(forAlias: name) else { return false }
        let portal = core.portal(for: key)
        try await portal.queue.perform { try await portal.ensureRoom(alias: alias, info: info) }
        return true
    }
}

/// Reads the `{{.}}` part out of an alias localpart made from a template like `irc_{{.}}`.
enum AliasTemplate {
    static func match(_ localpart: String, template: String) -> String? {
        let parts = template.components(separatedBy: "{{.}}")
        guard parts.count == 2, localpart.hasPrefix(parts[0]), localpart.hasSuffix(parts[1]),
              localpart.count > parts[0].count + parts[1].count else { return nil }
        return String(localpart.dropFirst(parts[0].count).dropLast(parts[1].count))
    }
}
