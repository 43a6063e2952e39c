import PontoonMatrix

extension OlmMachine {
    /// The room's outbound session, loading it once.
    private func outboundGroupSession(_ roomID: RoomID) async throws(CryptoError) -> CachedOutboundGroupSession? {
        if let cached = outboundGroupSessions[roomID] { return cached }
        let record: OutboundGroupSessionRecord?
        do { record = try await store.loadOutboundGroupSession(roomID: roomID) } catch { throw .store(error) }
        if let cached = outboundGroupSessions[roomID] { return cached }
        var cached: CachedOutboundGroupSession?
        if let record {
            do {
                cached = CachedOutboundGroupSession(session: try MegolmOutboundSession.unpickle(record.pickle, key: pickleKey),
                                                    sessionID: record.sessionID, createdMs: record.createdMs, rotation: record.rotation)
            } catch { throw .olm(error) }
        }
        outboundGroupSessions[roomID] = .some(cached)
        return cached
    }

    private func saveOutbound(_ cached: CachedOutboundGroupSession, roomID: RoomID) async throws(CryptoError) {
        let pickle: String
        do { pickle = try cached.session.pickle(key: pickleKey) } catch { throw .olm(error) }
        let record = OutboundGroupSessionRecord(roomID: roomID, sessionID: cached.sessionID, pickle: pickle,
                                                createdMs: cached.createdMs, rotation: cached.rotation)
        do { try await store.saveOutboundGroupSession(record) } catch { throw .store(error) }
    }

    /// A current outbound session for the room: the stored one, or a new one when there is none,
    /// it has expired under its rotation policy, or the room's policy changed.
    private func currentOutboundSession(_ roomID: RoomID, rotation: RotationPolicy) async throws(CryptoError) -> CachedOutboundGroupSession {
        if let existing = try await outboundGroupSession(roomID), !existing.isExpired(nowMs: nowMs), existing.rotation == rotation {
            return existing
        }
        let session: MegolmOutboundSession
        let sessionID: String, sessionKey: String
        let inbound: MegolmInboundSession
        do {
            session = try MegolmOutboundSession.create()
            sessionID = try session.sessionID()
            sessionKey = try session.sessionKey()
            inbound = try MegolmInboundSession.create(sessionKey: sessionKey)
        } catch { throw .olm(error) }
        let cached = CachedOutboundGroupSession(session: session, sessionID: sessionID, createdMs: nowMs, rotation: rotation)
        cached.shared = []
        outboundGroupSessions[roomID] = .some(cached)
        try await saveOutbound(cached, roomID: roomID)
        // Our own inbound copy, so the bridge can read back what it sent (edits, replies).
        try await saveInbound(inbound, key: InboundGroupKey(roomID: roomID, senderKey: identityKeys.curve25519, sessionID: sessionID),
                              senderEd25519: identityKeys.ed25519)
        logger.debug("new outbound Megolm session", metadata: ["room_id": "\(roomID)", "session_id": "\(sessionID)"])
        return cached
    }

    /// Forgets the room's outbound session, so the next ``roomKeyShares(roomID:devices:claimedOneTimeKeys:rotation:)``
    /// starts a new one. Call it when a member leaves (they must not read what follows) and when
    /// sending the shares failed.
    public func rotateRoomSession(roomID: RoomID) async throws(CryptoError) {
        outboundGroupSessions[roomID] = .some(nil)
        do { try await store.deleteOutboundGroupSession(roomID: roomID) } catch { throw .store(error) }
    }

    /// Of `devices`, those that still need the room's current session and have no Olm session
    /// with us: claim a `signed_curve25519` one-time key for each before ``roomKeyShares(roomID:devices:claimedOneTimeKeys:rotation:)``.
    public func devicesNeedingOneTimeKeys(roomID: RoomID, devices: [DeviceIdentity], rotation: RotationPolicy = .default) async throws(CryptoError) -> [DeviceIdentity] {
        let current = try await currentOutboundSession(roomID, rotation: rotation)
        let shared = try await sharedDevices(of: current, roomID: roomID)
        var needing: [DeviceIdentity] = []
        for device in devices where !shared.contains(device.key) && !isOurs(device) {
            if try await olmSessions(for: device.curve25519).isEmpty { needing.append(device) }
        }
        return needing
    }

    /// Encrypts the room's current Megolm session key (`m.room_key`, from the current index) over
    /// Olm for every device in `devices` that hasn't been sent it yet, rotating the session first
    /// when it has expired. Devices without an Olm session need a claimed one-time key in
    /// `claimedOneTimeKeys` (the `/keys/claim` entry for that device); its signature is checked
    /// against the device's verified ed25519 key. The devices are recorded as having the session.
    public func roomKeyShares(roomID: RoomID, devices: [DeviceIdentity], claimedOneTimeKeys: [DeviceKey: JSONValue] = [:],
                              rotation: RotationPolicy = .default) async throws(CryptoError) -> RoomKeyShares {
        let current = try await currentOutboundSession(roomID, rotation: rotation)
        let shared = try await sharedDevices(of: current, roomID: roomID)
        // The usual send: every device has the session already, and nothing is exported.
        guard devices.contains(where: { !shared.contains($0.key) && !isOurs($0) }) else {
            return RoomKeyShares(sessionID: current.sessionID, messages: [:], skipped: [:])
        }
        let sessionKey: String
        do { sessionKey = try current.session.sessionKey() } catch { throw .olm(error) }
        let roomKey: JSONValue = .object([
            "algorithm": .string(MatrixCryptoNames.megolm), "room_id": .string(roomID.rawValue),
            "session_id": .string(current.sessionID), "session_key": .string(sessionKey),
        ])
        var messages: [UserID: [String: JSONValue]] = [:]
        var skipped: [DeviceKey: CryptoError] = [:]
        var delivered: Set<DeviceKey> = []
        for device in devices where !shared.contains(device.key) && !isOurs(device) {
            let session: CachedOlmSession
            do {
                session = try await olmSession(sendingTo: device, claimed: claimedOneTimeKeys[device.key])
            } catch {
                skipped[device.key] = error
                continue
            }
            messages[device.userID, default: [:]][device.deviceID] = try await olmEncrypt(
                type: MatrixCryptoNames.roomKey, content: roomKey, to: device, using: session)
            delivered.insert(device.key)
        }
        if !delivered.isEmpty {
            do { try await store.addSharedDevices(roomID: roomID, sessionID: current.sessionID, devices: delivered) } catch { throw .store(error) }
            current.shared?.formUnion(delivered)
        }
        return RoomKeyShares(sessionID: current.sessionID, messages: messages, skipped: skipped)
    }

    /// Megolm-encrypts an event for the room with its current outbound session and returns the
    /// `m.room.encrypted` content. `m.relates_to` is copied outside so servers can aggregate.
    /// Fails with ``CryptoError/noOutboundSession(_:)`` when the session is missing or expired:
    /// call ``roomKeyShares(roomID:devices:claimedOneTimeKeys:rotation:)`` and send its messages first.
    public func encryptRoomEvent(roomID: RoomID, type: String, content: JSONValue) async throws(CryptoError) -> JSONValue {
        guard let current = try await outboundGroupSession(roomID), !current.isExpired(nowMs: nowMs) else {
            throw .noOutboundSession(roomID)
        }
        let plaintext: JSONValue = .object(["type": .string(type), "content": content, "room_id": .string(roomID.rawValue)])
        let ciphertext: String
        do { ciphertext = try current.session.encrypt(plaintext.jsonBytes()) } catch { throw .olm(error) }
        try await saveOutbound(current, roomID: roomID)
        var result: [String: JSONValue] = [
            "algorithm": .string(MatrixCryptoNames.megolm), "sender_key": .string(identityKeys.curve25519),
            "device_id": .string(deviceID), "session_id": .string(current.sessionID), "ciphertext": .string(ciphertext),
        ]
        if let relation = content["m.relates_to"] { result["m.relates_to"] = relation }
        return .object(result)
    }

    /// Olm-encrypts `{type, content, sender, sender_device, keys, recipient, recipient_keys}` for
    /// one device and returns the `m.room.encrypted` to-device content.
    public func encryptToDevice(type: String, content: JSONValue, to device: DeviceIdentity, claimedOneTimeKey: JSONValue? = nil) async throws(CryptoError) -> JSONValue {
        let session = try await olmSession(sendingTo: device, claimed: claimedOneTimeKey)
        return try await olmEncrypt(type: type, content: content, to: device, using: session)
    }

    private func olmEncrypt(type: String, content: JSONValue, to device: DeviceIdentity, using session: CachedOlmSession) async throws(CryptoError) -> JSONValue {
        let payload: JSONValue = .object([
            "type": .string(type), "content": content,
            "sender": .string(userID.rawValue), "sender_device": .string(deviceID),
            "keys": ["ed25519": .string(identityKeys.ed25519)],
            "recipient": .string(device.userID.rawValue), "recipient_keys": ["ed25519": .string(device.ed25519)],
        ])
        let message: OlmMessage
        do { message = try session.session.encrypt(payload.jsonBytes()) } catch { throw .olm(error) }
        try await touch(session, senderKey: device.curve25519)
        return .object([
            "algorithm": .string(MatrixCryptoNames.olm), "sender_key": .string(identityKeys.curve25519),
            "ciphertext": .object([device.curve25519: .object(["type": .int(Int64(message.type.rawValue)), "body": .string(message.body)])]),
        ])
    }

    /// The newest Olm session with the device, or a new outbound one from its verified claimed OTK.
    private func olmSession(sendingTo device: DeviceIdentity, claimed: JSONValue?) async throws(CryptoError) -> CachedOlmSession {
        if let newest = try await olmSessions(for: device.curve25519).first { return newest }
        guard let claimed else { throw .noOneTimeKey(device.key) }
        let oneTimeKey = try device.verifiedOneTimeKey(claimed)
        let session: OlmSession
        let sessionID: String
        do {
            session = try OlmSession.outbound(account: account, theirIdentityKey: device.curve25519, theirOneTimeKey: oneTimeKey)
            sessionID = try session.sessionID()
        } catch { throw .olm(error) }
        let cached = CachedOlmSession(session: session, sessionID: sessionID, lastUsedMs: nowMs)
        olmSessions[device.curve25519, default: []].insert(cached, at: 0)
        try await save(cached, senderKey: device.curve25519)
        return cached
    }

    /// The devices that hold the session, read from the store once per session and kept beside it.
    private func sharedDevices(of session: CachedOutboundGroupSession, roomID: RoomID) async throws(CryptoError) -> Set<DeviceKey> {
        if let known = session.shared { return known }
        let loaded: Set<DeviceKey>
        do { loaded = try await store.loadSharedDevices(roomID: roomID, sessionID: session.sessionID) } catch { throw .store(error) }
        session.shared = session.shared ?? loaded
        return session.shared ?? loaded
    }

    private func isOurs(_ device: DeviceIdentity) -> Bool {
        device.userID == userID && device.deviceID == deviceID
    }
}
