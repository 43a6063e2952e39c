import PontoonMatrix

extension OlmMachine {
    /// Decrypts an Olm `m.room.encrypted` to-device event addressed to this device.
    ///
    /// Tries the existing sessions with the sender key first; a pre-key message that none of them
    /// owns starts a new inbound session, whose one-time key is then burnt. The payload must name
    /// us as `recipient` with our ed25519 as `recipient_keys.ed25519`, name the envelope's sender
    /// as `sender`, and, when the sender key is a verified device, carry that device's ed25519 in
    /// `keys.ed25519`. An `m.room_key` is stored as an inbound Megolm session.
    public func decryptToDevice(_ event: ToDeviceEvent) async throws(CryptoError) -> DecryptedToDevice {
        guard event.type == MatrixCryptoNames.encrypted else { throw .malformed("to-device type \(event.type) is not encrypted") }
        guard let sender = event.sender else { throw .malformed("to-device event without sender") }
        let content: EncryptedContent
        do { content = try EncryptedContent(json: event.content) } catch { throw .malformed("\(error)") }
        guard content.algorithm == MatrixCryptoNames.olm else { throw .unsupportedAlgorithm(content.algorithm) }
        guard let senderKey = content.senderKey else { throw .malformed("Olm content without sender_key") }
        guard UnpaddedBase64.decode(senderKey)?.count == 32 else { throw .invalidBase64("sender_key") }
        guard let mine = content.ciphertext[identityKeys.curve25519] else { throw .notForThisDevice }
        guard let type = mine["type"]?.intValue, let kind = OlmMessage.Kind(rawValue: Int(type)),
              let body = mine["body"]?.stringValue
        else { throw .malformed("ciphertext entry must be {type: 0|1, body: string}") }
        guard body.utf8.count <= MatrixCryptoNames.maxCiphertextBytes else { throw .tooLarge("Olm body") }

        let plaintext = try await olmDecrypt(OlmMessage(type: kind, body: body), senderKey: senderKey)
        let payload: JSONValue
        do { payload = try JSONValue(parsing: plaintext) } catch { throw .malformed("Olm plaintext is not JSON") }
        return try await accept(payload, sender: sender, senderKey: senderKey)
    }

    /// Olm decryption with the sessions for `senderKey`, or a new inbound one for a pre-key message.
    private func olmDecrypt(_ message: OlmMessage, senderKey: String) async throws(CryptoError) -> [UInt8] {
        let sessions = try await olmSessions(for: senderKey)
        for cached in sessions {
            if message.type == .preKey {
                let matches: Bool
                do { matches = try cached.session.matchesInbound(theirIdentityKey: senderKey, preKeyMessage: message.body) } catch { throw .olm(error) }
                guard matches else { continue }
                let plaintext: [UInt8]
                do { plaintext = try cached.session.decrypt(message) } catch { throw .olm(error) }
                try await touch(cached, senderKey: senderKey)
                return plaintext
            }
            // A normal message: the session that decrypts it is the right one; the others leave
            // their state untouched on a MAC failure.
            if let plaintext = try? cached.session.decrypt(message) {
                try await touch(cached, senderKey: senderKey)
                return plaintext
            }
        }
        guard message.type == .preKey else { throw .noMatchingOlmSession(senderKey: senderKey) }

        let session: OlmSession
        let plaintext: [UInt8]
        let sessionID: String
        do {
            session = try OlmSession.inbound(account: account, theirIdentityKey: senderKey, preKeyMessage: message.body)
            plaintext = try session.decrypt(message)
            sessionID = try session.sessionID()
            try account.removeOneTimeKeys(usedBy: session)
        } catch { throw .olm(error) }
        let cached = CachedOlmSession(session: session, sessionID: sessionID, lastUsedMs: nowMs)
        olmSessions[senderKey, default: []].insert(cached, at: 0)
        try await saveAccount()
        try await save(cached, senderKey: senderKey)
        logger.debug("new inbound Olm session", metadata: ["session_id": "\(sessionID)"])
        return plaintext
    }

    /// Checks the decrypted payload's addressing and handles what it carries.
    private func accept(_ payload: JSONValue, sender: UserID, senderKey: String) async throws(CryptoError) -> DecryptedToDevice {
        guard payload["sender"]?.stringValue == sender.rawValue else { throw .payloadMismatch("sender is not \(sender)") }
        guard payload["recipient"]?.stringValue == userID.rawValue else { throw .payloadMismatch("recipient is not this user") }
        guard payload["recipient_keys"]?["ed25519"]?.stringValue == identityKeys.ed25519 else {
            throw .payloadMismatch("recipient_keys.ed25519 is not this device's key")
        }
        guard let claimedEd25519 = payload["keys"]?["ed25519"]?.stringValue else { throw .payloadMismatch("keys.ed25519 missing") }
        guard let type = payload["type"]?.stringValue, let content = payload["content"], content.objectValue != nil else {
            throw .malformed("Olm payload needs type and content")
        }
        let senderDevice = payload["sender_device"]?.stringValue
        let known: DeviceIdentity?
        do { known = try await store.loadDevice(curve25519: senderKey) } catch { throw .store(error) }
        if let known {
            guard known.userID == sender else { throw .payloadMismatch("sender key belongs to \(known.userID)") }
            guard known.ed25519 == claimedEd25519 else { throw .payloadMismatch("keys.ed25519 is not the device's key") }
            if let senderDevice, senderDevice != known.deviceID { throw .payloadMismatch("sender_device is not \(known.deviceID)") }
        }
        var roomKey: RoomKeyReceived?
        if type == MatrixCryptoNames.roomKey {
            roomKey = try await storeRoomKey(content, senderKey: senderKey, senderEd25519: claimedEd25519)
        }
        return DecryptedToDevice(sender: sender, senderKey: senderKey, senderDevice: senderDevice, senderEd25519: claimedEd25519,
                                 senderVerified: known != nil, type: type, content: content, roomKey: roomKey)
    }

    /// Stores the inbound Megolm session of an `m.room_key`, keeping an existing one that reaches
    /// further back.
    private func storeRoomKey(_ content: JSONValue, senderKey: String, senderEd25519: String) async throws(CryptoError) -> RoomKeyReceived {
        guard content["algorithm"]?.stringValue == MatrixCryptoNames.megolm else {
            throw .unsupportedAlgorithm(content["algorithm"]?.stringValue ?? "(none)")
        }
        guard let room = content["room_id"]?.stringValue, let roomID = RoomID(rawValue: room),
              let sessionID = content["session_id"]?.stringValue, let sessionKey = content["session_key"]?.stringValue
        else { throw .malformed("m.room_key needs room_id, session_id and session_key") }
        let session: MegolmInboundSession
        let actualID: String
        do {
            session = try MegolmInboundSession.create(sessionKey: sessionKey)
            actualID = try session.sessionID()
        } catch { throw .olm(error) }
        guard actualID == sessionID else { throw .payloadMismatch("session_id is not the session key's") }
        let key = InboundGroupKey(roomID: roomID, senderKey: senderKey, sessionID: sessionID)
        if let existing = try await inboundGroupSession(key), existing.session.firstKnownIndex <= session.firstKnownIndex {
            return RoomKeyReceived(roomID: roomID, sessionID: sessionID)
        }
        try await saveInbound(session, key: key, senderEd25519: senderEd25519)
        logger.debug("stored room key", metadata: ["room_id": "\(roomID)", "session_id": "\(sessionID)"])
        return RoomKeyReceived(roomID: roomID, sessionID: sessionID)
    }

    /// The sessions with `senderKey`, loading them once.
    func olmSessions(for senderKey: String) async throws(CryptoError) -> [CachedOlmSession] {
        if let cached = olmSessions[senderKey] { return cached }
        let records: [OlmSessionRecord]
        do { records = try await store.loadOlmSessions(senderKey: senderKey) } catch { throw .store(error) }
        // Another call may have loaded them while we waited; theirs may already be in use.
        if let cached = olmSessions[senderKey] { return cached }
        var sessions: [CachedOlmSession] = []
        for record in records.sorted(by: { $0.lastUsedMs > $1.lastUsedMs }) {
            do {
                sessions.append(CachedOlmSession(session: try OlmSession.unpickle(record.pickle, key: pickleKey),
                                                 sessionID: record.sessionID, lastUsedMs: record.lastUsedMs))
            } catch { throw .olm(error) }
        }
        olmSessions[senderKey] = sessions
        return sessions
    }

    /// Marks a session as just used (newest first) and saves it.
    func touch(_ cached: CachedOlmSession, senderKey: String) async throws(CryptoError) {
        cached.lastUsedMs = nowMs
        if var list = olmSessions[senderKey], let index = list.firstIndex(where: { $0 === cached }), index != 0 {
            list.remove(at: index)
            list.insert(cached, at: 0)
            olmSessions[senderKey] = list
        }
        try await save(cached, senderKey: senderKey)
    }

    func save(_ cached: CachedOlmSession, senderKey: String) async throws(CryptoError) {
        let pickle: String
        do { pickle = try cached.session.pickle(key: pickleKey) } catch { throw .olm(error) }
        let record = OlmSessionRecord(senderKey: senderKey, sessionID: cached.sessionID, pickle: pickle, lastUsedMs: cached.lastUsedMs)
        do { try await store.saveOlmSession(record) } catch { throw .store(error) }
    }

    /// The inbound Megolm session for `key`, loading it once.
    func inboundGroupSession(_ key: InboundGroupKey) async throws(CryptoError) -> CachedInboundGroupSession? {
        if let cached = inboundGroupSessions[key] { return cached }
        let record: InboundGroupSessionRecord?
        do { record = try await store.loadInboundGroupSession(roomID: key.roomID, senderKey: key.senderKey, sessionID: key.sessionID) } catch { throw .store(error) }
        if let cached = inboundGroupSessions[key] { return cached }
        guard let record else { return nil }
        let session: MegolmInboundSession
        do { session = try MegolmInboundSession.unpickle(record.pickle, key: pickleKey) } catch { throw .olm(error) }
        let cached = CachedInboundGroupSession(session: session, senderEd25519: record.senderEd25519)
        inboundGroupSessions[key] = cached
        return cached
    }

    func saveInbound(_ session: MegolmInboundSession, key: InboundGroupKey, senderEd25519: String) async throws(CryptoError) {
        inboundGroupSessions[key] = CachedInboundGroupSession(session: session, senderEd25519: senderEd25519)
        let pickle: String
        do { pickle = try session.pickle(key: pickleKey) } catch { throw .olm(error) }
        let record = InboundGroupSessionRecord(roomID: key.roomID, senderKey: key.senderKey, sessionID: key.sessionID,
                                               senderEd25519: senderEd25519, pickle: pickle)
        do { try await store.saveInboundGroupSession(record) } catch { throw .store(error) }
    }
}
