import Foundation
import Logging
import PontoonCrypto
import PontoonMatrix
import PontoonStorage

/// End-to-bridge encryption for one bridge: the bot's Olm device, kept in the bridge database.
///
/// In appservice mode there is no `/sync`: the device is made with MSC4190 (`PUT /devices`), and
/// its to-device messages, key counts and device-list changes come in transactions (MSC2409,
/// MSC3202). Every message the bridge sends into an encrypted room — as the bot, a ghost or a
/// double puppet — is encrypted with the bot device's Megolm session, as mautrix does.
actor BridgeEncryption {
    /// The bot's device ID: one device per bridge bot, the same across restarts.
    static let deviceID = "PONTOON"

    let machine: any EndToBridgeEncryption
    /// The bot acting through its device (keys and to-device calls are filed per device).
    let device: Intent
    let homeserver: HomeserverClient
    let rooms = EncryptedRooms()
    let devices: DeviceDirectory
    let keyArrivals = ArrivalSignals()
    let probe = ToDeviceProbe()
    let isBridgeUser: @Sendable (UserID) -> Bool
    let logger: Logger
    /// One queue per room, so two sends into a room don't share or rotate its session at once.
    let sendQueues = RoomQueues()
    /// How long a decryption waits for a room key that hasn't arrived.
    let keyWait: Duration
    /// Whether the start-up upload is done and no top-up is under way: counts that arrive
    /// meanwhile are stale or already being handled, and the next transaction brings fresh ones.
    private var keysIdle = false

    init(machine: any EndToBridgeEncryption, homeserver: HomeserverClient,
         isBridgeUser: @escaping @Sendable (UserID) -> Bool, keyWait: Duration = .seconds(10), logger: Logger) {
        self.machine = machine
        self.homeserver = homeserver
        self.device = homeserver.bot.withDevice(machine.deviceID)
        self.isBridgeUser = isBridgeUser
        self.keyWait = keyWait
        self.logger = logger
        devices = DeviceDirectory(logger: logger)
    }

    /// Opens (or creates) the bot device's Olm account in `database`, encrypted with the config's
    /// pickle key, and installs it as the encryptor of every intent of `homeserver`.
    static func open(config: BridgeConfig.Encryption, database: BridgeDatabase, homeserver: HomeserverClient,
                     isBridgeUser: @escaping @Sendable (UserID) -> Bool) async throws -> BridgeEncryption {
        let logger = Logger.pontoon("crypto")
        let store = SQLCryptoStore(database: database, userID: homeserver.botUserID, deviceID: deviceID)
        let machine = try await OlmMachine(userID: homeserver.botUserID, deviceID: deviceID, pickleKey: Array(config.pickleKey.utf8),
                                           store: store, logger: logger)
        let encryption = BridgeEncryption(machine: machine, homeserver: homeserver,
                                          isBridgeUser: isBridgeUser, logger: logger)
        homeserver.encryption.install(encryption)
        return encryption
    }

    /// Creates the device on the homeserver, uploads its keys, and checks in the background that
    /// to-device messages reach the bridge.
    func start() async throws {
        let creation = try await device.putDevice(id: machine.deviceID, displayName: "Pontoon bridge")
        if machine.createdAccount || creation == .created {
            _ = try await device.uploadKeys(try await machine.initialKeyUpload())
        } else {
            // A restart: the server may still hold most one-time keys; top up to the target only.
            let counts = try await device.uploadKeys(["device_keys": try machine.deviceKeys()])
            if let body = try await machine.handleKeyCounts(oneTimeKeyCount: counts["signed_curve25519"] ?? 0,
                                                            unusedFallbackKeyTypes: nil) {
                _ = try await device.uploadKeys(body)
            }
        }
        try await machine.markKeysPublished()
        keysIdle = true
        logger.info("Encryption ready", metadata: [
            "device_id": "\(machine.deviceID)", "ed25519": "\(machine.identityKeys.ed25519)",
        ])
        let probe = probe
        let device = device
        let logger = logger
        Task { await probe.run(via: device, logger: logger) }
    }

    // MARK: - Transactions

    /// Takes a to-device event from a transaction: room keys for the bot's device are stored.
    func handle(_ event: ToDeviceEvent) async {
        guard event.toUserID == machine.userID, event.toDeviceID == machine.deviceID else { return }
        if event.type == ToDeviceProbe.eventType {
            await probe.arrived(event)
            return
        }
        guard event.type == EncryptedContent.eventType else {
            logger.debug("To-device event ignored", metadata: ["type": "\(event.type)"])
            return
        }
        do {
            let decrypted = try await machine.decryptToDevice(event)
            // A device the bridge hasn't verified yet: query its user again before the next
            // send, so it gets the room key even if no device-list change is reported.
            if !decrypted.senderVerified { await devices.invalidate([decrypted.sender]) }
            if let key = decrypted.roomKey {
                logger.debug("Room key received", metadata: ["room_id": "\(key.roomID)", "session_id": "\(key.sessionID)"])
                await keyArrivals.signal(key.sessionID)
            }
        } catch {
            logger.warning("To-device message rejected", metadata: [
                "sender": "\(event.sender.map(\.rawValue) ?? "?")", "error": "\(error)",
            ])
        }
    }

    /// Takes a transaction's key counts and device-list changes.
    func handle(_ state: DeviceState) async {
        if let lists = state.deviceLists {
            await devices.invalidate(lists.changed + lists.left)
        }
        let bot = machine.userID, deviceID = machine.deviceID
        let count = state.oneTimeKeyCounts[bot]?[deviceID]?["signed_curve25519"]
        let fallback = state.unusedFallbackKeyTypes[bot]?[deviceID]
        guard count != nil || fallback != nil, keysIdle else { return }
        keysIdle = false
        defer { keysIdle = true }
        do {
            guard let body = try await machine.handleKeyCounts(oneTimeKeyCount: count, unusedFallbackKeyTypes: fallback) else { return }
            _ = try await device.uploadKeys(body)
            try await machine.markKeysPublished()
            logger.debug("Keys topped up", metadata: ["server_count": "\(count.map(String.init) ?? "-")"])
        } catch {
            logger.error("Keys not uploaded", metadata: ["error": "\(error)"])
        }
    }

    /// Notes what a room event says about encryption: the room's `m.room.encryption` and its
    /// members. A member who leaves must not read what follows, so the room's session is replaced.
    func observe(_ event: ClientEvent) async {
        // Every event of every transaction passes here: only these two types are decoded.
        guard event.type == MemberContent.eventType || event.type == EncryptionContent.eventType,
              let room = event.roomID else { return }
        switch event.typedContent {
        case .encryption(let content) where event.stateKey == "":
            await rooms.setState(.encrypted(RotationPolicy(content)), of: room)
        case .member(let member):
            guard let user = event.stateKey.flatMap(UserID.init(rawValue:)), !isBridgeUser(user) else { return }
            await rooms.membershipChanged(user, in: room, to: member.membership)
            switch member.membership {
            case .join, .invite:
                // Device-list changes don't arrive for users whose keys predate the shared room.
                await devices.invalidate([user])
            case .leave, .ban:
                guard await rooms.isEncrypted(room) else { return }
                do { try await machine.rotateRoomSession(roomID: room) } catch {
                    logger.error("Room session not rotated", metadata: ["room": "\(room)", "error": "\(error)"])
                }
            default: break
            }
        default: break
        }
    }

    /// Whether `room` is encrypted, asking the homeserver when it isn't known yet.
    func isEncrypted(_ room: RoomID, as sender: UserID? = nil) async throws -> Bool {
        if case .encrypted = try await state(of: room, as: sender) { return true }
        return false
    }

    /// The room's encryption state, read from its `m.room.encryption` on a miss.
    func state(of room: RoomID, as sender: UserID?) async throws -> EncryptedRooms.State {
        if let known = await rooms.state(of: room) { return known }
        let content = try await readAsMember(room, sender: sender) { intent in
            try await intent.getStateEvent(in: room, type: EncryptionContent.eventType)
        }
        var state = EncryptedRooms.State.unencrypted
        if let content, let encryption = try? EncryptionContent(json: content) {
            state = .encrypted(RotationPolicy(encryption))
        }
        await rooms.setState(state, of: room)
        return await rooms.state(of: room) ?? state
    }

    /// Runs a read as the bot, or, when the bot isn't in the room (a user's DM with a ghost), as
    /// the ghost that is sending.
    func readAsMember<T: Sendable>(_ room: RoomID, sender: UserID?, _ read: @Sendable (Intent) async throws -> T) async throws -> T {
        do {
            return try await read(homeserver.bot)
        } catch let error as MatrixError where error.statusCode == 403 {
            guard let sender, sender != homeserver.botUserID, isBridgeUser(sender) else { throw error }
            return try await read(homeserver.intent(for: sender))
        }
    }
}
