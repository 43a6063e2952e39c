import PontoonMatrix

extension OlmMachine {
    /// Decrypts a Megolm `m.room.encrypted` event of `roomID`.
    ///
    /// Replay protection: the first event to use a (session, message index) owns it; another event
    /// ID with the same pair fails with ``CryptoError/replayedMessageIndex(sessionID:index:firstEventID:)``,
    /// while the same event again (a retried transaction) decrypts normally. The plaintext's
    /// `room_id` must be `roomID`, so a ciphertext can't be moved to another room.
    public func decryptRoomEvent(_ content: EncryptedContent, roomID: RoomID, eventID: EventID) async throws(CryptoError) -> DecryptedRoomEvent {
        guard content.algorithm == MatrixCryptoNames.megolm else { throw .unsupportedAlgorithm(content.algorithm) }
        guard let ciphertext = content.megolmCiphertext, let sessionID = content.sessionID else {
            throw .malformed("Megolm content needs a string ciphertext and session_id")
        }
        // Deprecated, but every current client still sends it, and the session is filed under it.
        guard let senderKey = content.senderKey else { throw .malformed("Megolm content without sender_key") }
        guard ciphertext.utf8.count <= MatrixCryptoNames.maxCiphertextBytes else { throw .tooLarge("Megolm ciphertext") }
        guard let cached = try await inboundGroupSession(InboundGroupKey(roomID: roomID, senderKey: senderKey, sessionID: sessionID)) else {
            throw .unknownMegolmSession(sessionID: sessionID)
        }
        let decrypted: (plaintext: [UInt8], messageIndex: UInt32)
        do { decrypted = try cached.session.decrypt(ciphertext) } catch { throw .olm(error) }
        let first: EventID
        do { first = try await store.claimMessageIndex(sessionID: sessionID, index: decrypted.messageIndex, eventID: eventID) } catch { throw .store(error) }
        guard first == eventID else {
            logger.warning("Megolm replay", metadata: ["session_id": "\(sessionID)", "index": "\(decrypted.messageIndex)", "event_id": "\(eventID)", "first_event_id": "\(first)"])
            throw .replayedMessageIndex(sessionID: sessionID, index: decrypted.messageIndex, firstEventID: first)
        }
        let payload: JSONValue
        do { payload = try JSONValue(parsing: decrypted.plaintext) } catch { throw .malformed("Megolm plaintext is not JSON") }
        guard payload["room_id"]?.stringValue == roomID.rawValue else { throw .payloadMismatch("room_id is not \(roomID)") }
        guard let type = payload["type"]?.stringValue, let inner = payload["content"], inner.objectValue != nil else {
            throw .malformed("Megolm payload needs type and content")
        }
        return DecryptedRoomEvent(type: type, content: inner, senderKey: senderKey, senderEd25519: cached.senderEd25519,
                                  sessionID: sessionID, messageIndex: decrypted.messageIndex)
    }
}
