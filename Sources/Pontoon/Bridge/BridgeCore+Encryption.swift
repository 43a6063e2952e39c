import PontoonMatrix

/// The core's side of end-to-bridge encryption: what users are told when it gets in the way.
extension BridgeCore {
    /// Replies to an encrypted event the bridge could not read, so it isn't dropped silently.
    /// The event is marked processed: after a restart it is not reported twice.
    func reportUndecryptable(_ failure: RoomDecryptionFailure, eventID: EventID, room: RoomID) async {
        BridgeMetrics.deliveryFailed()
        await noticeOnce(failure.notice, replyingTo: eventID, in: room, purpose: "undecryptable")
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
        await noticeOnce("⚠️ This bridge only works in encrypted rooms: turn on encryption in the room's settings.",
                         replyingTo: eventID, in: room, purpose: "unencrypted")
        return true
    }

    /// The bot's notice replying to `eventID`, sent only the first time the event is handled (it is
    /// marked processed), with a transaction ID of its own so a resend is de-duplicated too.
    private func noticeOnce(_ text: String, replyingTo eventID: EventID, in room: RoomID, purpose: String) async {
        var notice = MessageContent.notice(text)
        notice.relatesTo = .reply(to: eventID)
        do {
            guard try await context.processed.markIfNew(eventID.rawValue, in: room.rawValue) else { return }
            _ = try await context.bot.sendMessageEvent(to: room, type: MessageContent.eventType, content: notice.json,
                                                       transactionID: "\(purpose)-\(StableHash.hex(eventID.rawValue))")
        } catch {
            context.logger.error("Notice not sent", metadata: ["event": "\(eventID)", "purpose": "\(purpose)", "error": "\(error)"])
        }
    }
}
