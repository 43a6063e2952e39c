import Foundation
import Logging
import PontoonMatrix

/// One Olm device (the bridge bot's) in Matrix terms: key upload, to-device decryption, Megolm
/// room decryption with replay protection, outbound room sessions shared over Olm. The libolm
/// implementation of ``EndToBridgeEncryption``.
///
/// All libolm objects live inside this actor and never leave it; every mutation is written to the
/// ``CryptoStore`` (pickled with the pickle key) before the method returns.
public actor OlmMachine {
    public nonisolated let userID: UserID
    public nonisolated let deviceID: String
    /// This device's identity keys.
    public nonisolated let identityKeys: IdentityKeys
    /// Whether this init made the account (the store had none), so its keys were never uploaded.
    public nonisolated let createdAccount: Bool

    let account: OlmAccount
    let pickleKey: [UInt8]
    let store: any CryptoStore
    let clock: @Sendable () -> Date
    let logger: Logger

    /// Olm sessions by the peer's curve25519 key, loaded on first use; newest use first.
    var olmSessions: [String: [CachedOlmSession]] = [:]
    /// Inbound Megolm sessions loaded so far.
    var inboundGroupSessions: [InboundGroupKey: CachedInboundGroupSession] = [:]
    /// Outbound Megolm sessions by room; `.some(nil)` means "looked, there is none".
    var outboundGroupSessions: [RoomID: CachedOutboundGroupSession?] = [:]

    /// Opens the device's account from `store`, or creates and saves a new one.
    ///
    /// - Parameters:
    ///   - pickleKey: encrypts every pickle (config `encryption.pickle_key`); a different key later
    ///     fails with `BAD_ACCOUNT_KEY`.
    ///   - clock: the time used for Megolm rotation (injectable for tests).
    public init(userID: UserID, deviceID: String, pickleKey: [UInt8], store: any CryptoStore,
                clock: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "pontoon.crypto")) async throws(CryptoError) {
        self.userID = userID
        self.deviceID = deviceID
        self.pickleKey = pickleKey
        self.store = store
        self.clock = clock
        self.logger = logger
        let pickle: String?
        do { pickle = try await store.loadAccount() } catch { throw .store(error) }
        let account: OlmAccount
        do {
            if let pickle {
                account = try OlmAccount.unpickle(pickle, key: pickleKey)
            } else {
                account = try OlmAccount.create()
            }
            self.identityKeys = try account.identityKeys()
        } catch {
            throw .olm(error)
        }
        self.account = account
        createdAccount = pickle == nil
        if pickle == nil {
            let created: String
            do { created = try account.pickle(key: pickleKey) } catch { throw .olm(error) }
            do { try await store.saveAccount(pickle: created) } catch { throw .store(error) }
            logger.info("created Olm account", metadata: ["user_id": "\(userID)", "device_id": "\(deviceID)"])
        }
    }

    var nowMs: Int64 { Int64((clock().timeIntervalSince1970 * 1000).rounded()) }

    /// Writes the account back after anything that changed it.
    func saveAccount() async throws(CryptoError) {
        let pickle: String
        do { pickle = try account.pickle(key: pickleKey) } catch { throw .olm(error) }
        do { try await store.saveAccount(pickle: pickle) } catch { throw .store(error) }
    }

    /// Remembers devices verified with ``DeviceIdentity/verified(deviceKeys:userID:deviceID:)``,
    /// so to-device messages from them are checked against their keys.
    public func rememberDevices(_ devices: [DeviceIdentity]) async throws(CryptoError) {
        do { try await store.saveDevices(devices) } catch { throw .store(error) }
    }
}

/// An Olm session with the facts kept beside it.
final class CachedOlmSession {
    let session: OlmSession
    let sessionID: String
    var lastUsedMs: Int64

    init(session: OlmSession, sessionID: String, lastUsedMs: Int64) {
        self.session = session
        self.sessionID = sessionID
        self.lastUsedMs = lastUsedMs
    }
}

struct InboundGroupKey: Hashable {
    let roomID: RoomID
    let senderKey: String
    let sessionID: String
}

final class CachedInboundGroupSession {
    let session: MegolmInboundSession
    let senderEd25519: String

    init(session: MegolmInboundSession, senderEd25519: String) {
        self.session = session
        self.senderEd25519 = senderEd25519
    }
}

final class CachedOutboundGroupSession {
    let session: MegolmOutboundSession
    let sessionID: String
    let createdMs: Int64
    let rotation: RotationPolicy
    /// The devices sent this session, once loaded from the store (nil before).
    var shared: Set<DeviceKey>?

    init(session: MegolmOutboundSession, sessionID: String, createdMs: Int64, rotation: RotationPolicy) {
        self.session = session
        self.sessionID = sessionID
        self.createdMs = createdMs
        self.rotation = rotation
    }

    /// Whether it has been used for as many messages, or as long, as the room allows.
    func isExpired(nowMs: Int64) -> Bool {
        Int(session.messageIndex) >= rotation.messages || nowMs - createdMs >= rotation.periodMs
    }
}
