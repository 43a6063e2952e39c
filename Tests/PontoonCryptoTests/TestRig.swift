import Foundation
import PontoonMatrix
import Synchronization
import Testing
@testable import PontoonCrypto

/// A clock the test moves by hand.
final class ManualClock: Sendable {
    private let now = Mutex(Date(timeIntervalSince1970: 1_700_000_000))
    func read() -> Date { now.withLock { $0 } }
    func advance(ms: Int64) { now.withLock { $0 = $0.addingTimeInterval(Double(ms) / 1000) } }
}

/// Two devices that will talk: the bridge bot's and a Matrix user's.
struct Pair {
    static let bot: UserID = "@bot:localhost"
    static let alice: UserID = "@alice:localhost"
    static let room: RoomID = "!portal:localhost"
    static let pickleKey = Array("a pickle key of thirty-two bytes".utf8)

    let bridge: OlmMachine
    let user: OlmMachine
    let bridgeStore: InMemoryCryptoStore
    let userStore: InMemoryCryptoStore
    let bridgeDevice: DeviceIdentity
    let userDevice: DeviceIdentity
    /// What each uploaded first (device keys, one-time keys, fallback key).
    let bridgeUpload: JSONValue
    let userUpload: JSONValue
    let clock: ManualClock

    /// Both devices created, their keys "uploaded" and verified by the other side, as `/keys/query` would.
    static func make() async throws -> Pair {
        let clock = ManualClock()
        let bridgeStore = InMemoryCryptoStore(), userStore = InMemoryCryptoStore()
        let bridge = try await OlmMachine(userID: bot, deviceID: "BOTDEV", pickleKey: pickleKey, store: bridgeStore, clock: { clock.read() })
        let user = try await OlmMachine(userID: alice, deviceID: "ALICEDEV", pickleKey: pickleKey, store: userStore, clock: { clock.read() })
        let bridgeUpload = try await bridge.initialKeyUpload()
        let userUpload = try await user.initialKeyUpload()
        try await bridge.markKeysPublished()
        try await user.markKeysPublished()
        let bridgeDevice = try DeviceIdentity.verified(deviceKeys: bridgeUpload["device_keys"]!, userID: bot, deviceID: "BOTDEV")
        let userDevice = try DeviceIdentity.verified(deviceKeys: userUpload["device_keys"]!, userID: alice, deviceID: "ALICEDEV")
        try await bridge.rememberDevices([userDevice])
        try await user.rememberDevices([bridgeDevice])
        return Pair(bridge: bridge, user: user, bridgeStore: bridgeStore, userStore: userStore, bridgeDevice: bridgeDevice,
                    userDevice: userDevice, bridgeUpload: bridgeUpload, userUpload: userUpload, clock: clock)
    }
}

/// One `signed_curve25519` key from an upload, in the shape `/keys/claim` returns it.
func claimOneTimeKey(from upload: JSONValue, index: Int = 0) -> JSONValue {
    let keys = upload["one_time_keys"]!.objectValue!.sorted { $0.key < $1.key }
    let (id, key) = keys[index]
    return .object([id: key])
}

/// A to-device event as it arrives in a transaction.
func toDevice(_ content: JSONValue, from sender: UserID, to recipient: UserID, device: String) throws -> ToDeviceEvent {
    try ToDeviceEvent(json: .object([
        "type": "m.room.encrypted", "sender": .string(sender.rawValue),
        "to_user_id": .string(recipient.rawValue), "to_device_id": .string(device), "content": content,
    ]))
}

/// The bridge's room key shared with the user and decrypted there; returns the to-device content sent.
@discardableResult
func shareBridgeRoomKey(_ pair: Pair, rotation: RotationPolicy = .default) async throws -> DecryptedToDevice {
    let shares = try await pair.bridge.roomKeyShares(roomID: Pair.room, devices: [pair.userDevice],
                                                     claimedOneTimeKeys: [pair.userDevice.key: claimOneTimeKey(from: pair.userUpload)],
                                                     rotation: rotation)
    let content = try #require(shares.messages[Pair.alice]?["ALICEDEV"])
    return try await pair.user.decryptToDevice(toDevice(content, from: Pair.bot, to: Pair.alice, device: "ALICEDEV"))
}

/// Sends a message from the bridge and has the user decrypt it.
func bridgeSays(_ pair: Pair, _ body: String, eventID: EventID) async throws -> DecryptedRoomEvent {
    let encrypted = try await pair.bridge.encryptRoomEvent(roomID: Pair.room, type: "m.room.message",
                                                           content: ["msgtype": "m.text", "body": .string(body)])
    return try await pair.user.decryptRoomEvent(EncryptedContent(json: encrypted), roomID: Pair.room, eventID: eventID)
}

/// The error a throwing async call threw, for matching on the case.
func cryptoError(_ body: () async throws -> some Any) async -> CryptoError? {
    do {
        _ = try await body()
        return nil
    } catch let error as CryptoError {
        return error
    } catch {
        return nil
    }
}

extension CryptoError {
    /// libolm's error name, when libolm refused.
    var olmCode: OlmError.Code? {
        if case .olm(let error) = self { return error.code }
        return nil
    }
}

/// `text` with one base64 character changed in the middle.
func flipOneCharacter(_ text: String) -> String {
    var characters = Array(text)
    let middle = characters.count / 2
    characters[middle] = characters[middle] == "A" ? "B" : "A"
    return String(characters)
}
