import Logging
import PontoonMatrix

/// Routes what the homeserver pushes: portal rooms to their portal's queue, other rooms to their
/// own queue (commands), the bot's invites to the invite handling. A delivery is completed when
/// its work has run, so a crash before that brings it back after the restart.
struct BridgeEventHandler: MatrixEventHandler {
    let core: BridgeCore

    func handle(_ delivery: InboxDelivery) async {
        switch delivery.item {
        case .event(let event):
            await route(event, delivery)
        case .ephemeral(let event):
            await route(event, delivery)
        case .toDevice, .deviceState:
            delivery.complete()
        }
    }

    private func route(_ event: ClientEvent, _ delivery: InboxDelivery) async {
        guard let room = event.roomID, let sender = event.sender else { return delivery.complete() }
        let core = core
        do {
            if event.type == MemberContent.eventType, event.stateKey == core.context.botUserID.rawValue {
                core.roomQueues.queue(for: room).enqueue {
                    await core.handleBotMembership(event, room: room)
                    delivery.complete()
                }
            } else if let (ghost, remote) = invitedGhost(event) {
                core.roomQueues.queue(for: room).enqueue {
                    await core.handleGhostInvite(event, room: room, inviter: sender, ghost: ghost, remote: remote)
                    delivery.complete()
                }
            } else if let portal = try await core.portal(forRoom: room) {
                portal.queue.enqueue {
                    await portal.handleMatrix(event)
                    delivery.complete()
                }
            } else if event.type == MessageContent.eventType, !core.context.isBridgeUser(sender) {
                core.roomQueues.queue(for: room).enqueue {
                    await core.handleRoomMessage(event, room: room, sender: sender)
                    delivery.complete()
                }
            } else {
                delivery.complete()
            }
        } catch {
            // The portal lookup failed (database): leave the item journaled; the next start retries it.
            core.context.logger.error("Event not routed", metadata: ["room": "\(room)", "error": "\(error)"])
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
