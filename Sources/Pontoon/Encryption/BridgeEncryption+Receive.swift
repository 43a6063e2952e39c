import PontoonCrypto
import PontoonMatrix

/// Why an encrypted room event could not be read; the user is told in the room.
enum RoomDecryptionFailure: Error, CustomStringConvertible {
    /// The room key never arrived (waited ``BridgeEncryption/keyWait``).
    case missingKey(sessionID: String)
    /// The event was refused: tampered, replayed, malformed, or not Megolm.
    case rejected(CryptoError)

    var description: String {
        switch self {
        case .missingKey(let sessionID): "no key for Megolm session \(sessionID)"
        case .rejected(let error): "\(error)"
        }
    }

    /// What the bot says in the room, replying to the event.
    var notice: String {
        switch self {
        case .missingKey:
            "⚠️ The bridge hasn't received the keys for your message, so it wasn't bridged — check that your client "
                + "shares keys with unverified devices, then send it again."
        case .rejected:
            "⚠️ The bridge couldn't decrypt your message (it was rejected as invalid), so it wasn't bridged."
        }
    }
}

extension BridgeEncryption {
    /// The event inside an `m.room.encrypted` room event, with the encrypted event's ID, sender,
    /// room and timestamp. The cleartext `m.relates_to` is kept, as the spec wants relations to be
    /// readable by the server. A missing room key is waited for briefly: it often arrives a moment
    /// after the message.
    func decrypt(_ event: ClientEvent) async throws(RoomDecryptionFailure) -> ClientEvent {
        guard let room = event.roomID, let eventID = event.eventID else {
            throw .rejected(.malformed("encrypted event without room_id or event_id"))
        }
        let content: EncryptedContent
        do { content = try EncryptedContent(json: event.content) } catch { throw .rejected(.malformed("\(error)")) }
        let decrypted: DecryptedRoomEvent
        do {
            decrypted = try await decryptWaitingForKey(content, room: room, eventID: eventID)
        } catch RoomDecryptionFailure.missingKey(let sessionID) {
            logger.warning("Encrypted event without its room key", metadata: ["room": "\(room)", "event_id": "\(eventID)", "session_id": "\(sessionID)"])
            // The sender may have a device the bridge doesn't know yet.
            if let sender = event.sender { await devices.invalidate([sender]) }
            throw .missingKey(sessionID: sessionID)
        } catch {
            logger.warning("Encrypted event rejected", metadata: ["room": "\(room)", "event_id": "\(eventID)", "error": "\(error)"])
            throw error
        }
        logger.debug("Decrypted", metadata: ["room": "\(room)", "event_id": "\(eventID)", "type": "\(decrypted.type)",
                                             "session_id": "\(decrypted.sessionID)", "index": "\(decrypted.messageIndex)"])
        guard case .object(var raw) = event.raw, case .object(var inner) = decrypted.content else {
            throw .rejected(.malformed("decrypted content is not an object"))
        }
        if let relation = event.content["m.relates_to"] { inner["m.relates_to"] = relation }
        raw["type"] = .string(decrypted.type)
        raw["content"] = .object(inner)
        // A state key inside the ciphertext would let a message pose as room state.
        raw["state_key"] = nil
        do {
            return try ClientEvent(json: .object(raw))
        } catch {
            throw .rejected(.malformed("\(error)"))
        }
    }

    private func decryptWaitingForKey(_ content: EncryptedContent, room: RoomID, eventID: EventID) async throws(RoomDecryptionFailure) -> DecryptedRoomEvent {
        do {
            return try await machine.decryptRoomEvent(content, roomID: room, eventID: eventID)
        } catch .unknownMegolmSession(let sessionID) {
            guard await keyArrivals.wait(for: sessionID, timeout: keyWait) else { throw .missingKey(sessionID: sessionID) }
            do {
                return try await machine.decryptRoomEvent(content, roomID: room, eventID: eventID)
            } catch .unknownMegolmSession(let sessionID) {
                // The key arrived for another room or sender key.
                throw .missingKey(sessionID: sessionID)
            } catch {
                throw .rejected(error)
            }
        } catch {
            throw .rejected(error)
        }
    }
}
