import PontoonMatrix

/// The core's side of end-to-bridge encryption: what users are told when it gets in the way.
extension BridgeCore {
    /// Replies to an encrypted event the bridge could not read, so it isn't dropped silently.
    /// The event is marked processed: after a restart it is not reported twice.
    func reportUndecryptable(_ failure: RoomDecryptionFailure, eventID: EventID, room: RoomID) async {
        BridgeMetrics.deliveryFailed()
        var notice = MessageContent.notice(failure.notice)
        notice.relatesTo = .reply(to: eventID)
        do {
            guard try await context.processed.markIfNew(eventID.rawValue, in: room.rawValue) else { return }
            _ = try await context.bot.sendMessageEvent(to: room, type: MessageContent.eventType, content: notice.json,
                                                       transactionID: "undecryptable-\(StableHash.hex(eventID.rawValue))")
        } catch {
            context.logger.error("Decryption notice not sent", metadata: ["event": "\(eventID)", "error": "\(error)"])
        }
    }

    /// With `encryption.require`, whether `room` must be refused because it isn't encrypted; the
    /// sender is told once per event why nothing happened.
    func refusesUnencrypted(_ room: RoomID, eventID: EventID) async -> Bool {
        guard context.config.encryption.require, let encryption = context.encryption else { return false }
        do {
            if try await encryption.isEncrypted(room) { return false }
        } catch {
            context.logger.warning("Room encryption not known", metadata: ["room": "\(room)", "error": "\(error)"])
        }
        var notice = MessageContent.notice("⚠️ This bridge only works in encrypted rooms: turn on encryption in the room's settings.")
        notice.relatesTo = .reply(to: eventID)
        do {
            guard try await context.processed.markIfNew(eventID.rawValue, in: room.rawValue) else { return true }
            _ = try await context.bot.sendMessageEvent(to: room, type: MessageContent.eventType, content: notice.json,
                                                       transactionID: "unencrypted-\(StableHash.hex(eventID.rawValue))")
        } catch {
            context.logger.error("Encryption notice not sent", metadata: ["event": "\(eventID)", "error": "\(error)"])
        }
        return true
    }
}
