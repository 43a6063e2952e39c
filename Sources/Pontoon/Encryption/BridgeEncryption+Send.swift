import PontoonCrypto
import PontoonMatrix

/// The sending side: every message event into an encrypted room is Megolm-encrypted, after the
/// room key was shared with each member device that doesn't have it yet.
extension BridgeEncryption: OutgoingEventEncryptor {
    nonisolated func encrypt(type: String, encodedContent: [UInt8], in room: RoomID, sender: UserID) async throws -> [UInt8]? {
        guard case .encrypted(let rotation) = try await state(of: room, as: sender) else { return nil }
        let content = try JSONValue(parsing: encodedContent)
        let encrypted = try await sendQueues.queue(for: room).perform {
            try await self.shareRoomKey(room, rotation: rotation, sender: sender)
            return try await self.machine.encryptRoomEvent(roomID: room, type: type, content: content)
        }
        return encrypted.jsonBytes()
    }

    /// Makes sure every device of the room's members holds the current outbound session: new
    /// devices get it from the current index, and a session that expired is replaced first.
    private func shareRoomKey(_ room: RoomID, rotation: RotationPolicy, sender: UserID) async throws {
        let members = try await recipients(of: room, sender: sender)
        let targets = try await devices.devices(of: members, via: device, machine: machine)
        let needing = try await machine.devicesNeedingOneTimeKeys(roomID: room, devices: targets, rotation: rotation)
        var claimed: [DeviceKey: JSONValue] = [:]
        if !needing.isEmpty {
            let wanted = Dictionary(grouping: needing, by: \.userID).mapValues { $0.map(\.deviceID) }
            let answer = try await device.claimKeys(wanted)
            for target in needing {
                if let key = answer["one_time_keys"]?[target.userID.rawValue]?[target.deviceID] { claimed[target.key] = key }
            }
        }
        let shares = try await machine.roomKeyShares(roomID: room, devices: targets, claimedOneTimeKeys: claimed, rotation: rotation)
        for (skipped, error) in shares.skipped.sorted(by: { $0.key < $1.key }) {
            logger.warning("Room key not shared with a device", metadata: ["room": "\(room)", "device": "\(skipped)", "error": "\(error)"])
        }
        guard !shares.isEmpty else { return }
        do {
            try await device.sendToDevice(type: EncryptedContent.eventType, messages: shares.messages)
        } catch {
            // The devices were recorded as having the key; a new session makes sure they get one.
            try await machine.rotateRoomSession(roomID: room)
            throw error
        }
        logger.debug("Room key shared", metadata: ["room": "\(room)", "session_id": "\(shares.sessionID)",
                                                  "devices": "\(shares.messages.values.map(\.count).reduce(0, +))"])
    }

    /// The room's members who get the key: joined and invited, the bridge's own users left out.
    private func recipients(of room: RoomID, sender: UserID) async throws -> Set<UserID> {
        if let known = await rooms.members(of: room) { return known }
        let all = try await readAsMember(room, sender: sender) { intent in try await intent.members(room) }
        let members = Set(all.filter { $0.value == .join || $0.value == .invite }.keys.filter { !isBridgeUser($0) })
        await rooms.setMembers(members, of: room)
        return members
    }
}
