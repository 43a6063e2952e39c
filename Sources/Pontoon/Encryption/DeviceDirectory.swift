import Foundation
import Logging
import PontoonCrypto
import PontoonMatrix

/// Members' devices, verified from `/keys/query` and cached until the homeserver reports a change
/// (`device_lists.changed`), the user joins a room, or an hour passes (device-list changes don't
/// always arrive).
///
/// A device entry whose self-signature fails, that names another user or device, or whose
/// ed25519 key differs from the one first seen for that device ID is left out and logged: the
/// bridge never shares room keys with it.
actor DeviceDirectory {
    private struct Entry {
        var devices: [DeviceIdentity]
        var fetched: ContinuousClock.Instant
    }

    private var cache: [UserID: Entry] = [:]
    /// The ed25519 key each device ID had when first verified, so a swapped key is caught.
    private var pinned: [DeviceKey: String] = [:]
    private let maxAge: Duration
    private let logger: Logger

    init(maxAge: Duration = .seconds(3600), logger: Logger) {
        self.maxAge = maxAge
        self.logger = logger
    }

    /// Forgets what is known of `users`' devices; the next send queries them again.
    func invalidate(_ users: some Sequence<UserID>) {
        for user in users { cache[user] = nil }
    }

    /// The verified devices of `users`, querying those not cached.
    func devices(of users: Set<UserID>, via intent: Intent, machine: any EndToBridgeEncryption) async throws -> [DeviceIdentity] {
        let now = ContinuousClock.now
        let missing = users.filter { user in cache[user].map { now - $0.fetched > maxAge } ?? true }
        if !missing.isEmpty {
            let answer = try await intent.queryKeys(missing.sorted { $0.rawValue < $1.rawValue })
            let fetched = accept(answer, for: missing)
            try await machine.rememberDevices(fetched.values.flatMap { $0 })
            for user in missing { cache[user] = Entry(devices: fetched[user] ?? [], fetched: now) }
        }
        return users.flatMap { cache[$0]?.devices ?? [] }
    }

    /// Verifies a `/keys/query` answer's entries for `users`.
    func accept(_ answer: JSONValue, for users: Set<UserID>) -> [UserID: [DeviceIdentity]] {
        if let failures = answer["failures"]?.objectValue, !failures.isEmpty {
            logger.warning("Some servers did not answer the key query", metadata: ["servers": "\(failures.keys.sorted())"])
        }
        var result: [UserID: [DeviceIdentity]] = [:]
        for user in users {
            guard let entries = answer["device_keys"]?[user.rawValue]?.objectValue else { continue }
            for (deviceID, keys) in entries.sorted(by: { $0.key < $1.key }) {
                do {
                    let device = try DeviceIdentity.verified(deviceKeys: keys, userID: user, deviceID: deviceID)
                    if let known = pinned[device.key], known != device.ed25519 {
                        throw CryptoError.deviceMismatch("the ed25519 key of \(device.key) changed")
                    }
                    pinned[device.key] = device.ed25519
                    result[user, default: []].append(device)
                } catch {
                    logger.warning("Device keys rejected", metadata: [
                        "user_id": "\(user)", "device_id": "\(deviceID)", "error": "\(error)",
                    ])
                }
            }
        }
        return result
    }
}
