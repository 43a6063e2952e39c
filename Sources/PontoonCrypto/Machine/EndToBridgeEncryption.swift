import PontoonMatrix

/// What the bridge asks of its encryption layer, in Matrix terms only: no libolm types cross it,
/// so a vodozemac-backed machine can replace ``OlmMachine`` without touching the bridge.
///
/// The flow the bridge drives:
/// 1. On start: `initialKeyUpload()` → `POST /keys/upload` → `markKeysPublished()`.
/// 2. Per transaction: `handleKeyCounts(…)` with the MSC3202 counts; upload what it returns.
/// 3. Per to-device event for the device: `decryptToDevice(_:)` (stores room keys).
/// 4. Per encrypted room event: `decryptRoomEvent(_:roomID:eventID:)`.
/// 5. To send: `/keys/query` the members → ``DeviceIdentity/verified(deviceKeys:userID:deviceID:)``
///    → `rememberDevices(_:)`; `devicesNeedingOneTimeKeys(…)` → `/keys/claim`;
///    `roomKeyShares(…)` → `PUT /sendToDevice`; then `encryptRoomEvent(…)` → `PUT /send`.
///    On a leave, or when `sendToDevice` failed: `rotateRoomSession(roomID:)`.
public protocol EndToBridgeEncryption: Actor {
    nonisolated var userID: UserID { get }
    nonisolated var deviceID: String { get }
    nonisolated var identityKeys: IdentityKeys { get }
    /// Whether the account was made when the machine opened, so its keys were never uploaded.
    nonisolated var createdAccount: Bool { get }

    func deviceKeys() throws(CryptoError) -> JSONValue
    func initialKeyUpload() async throws(CryptoError) -> JSONValue
    func handleKeyCounts(oneTimeKeyCount: Int?, unusedFallbackKeyTypes: [String]?) async throws(CryptoError) -> JSONValue?
    func markKeysPublished() async throws(CryptoError)

    func rememberDevices(_ devices: [DeviceIdentity]) async throws(CryptoError)
    func decryptToDevice(_ event: ToDeviceEvent) async throws(CryptoError) -> DecryptedToDevice
    func decryptRoomEvent(_ content: EncryptedContent, roomID: RoomID, eventID: EventID) async throws(CryptoError) -> DecryptedRoomEvent

    func devicesNeedingOneTimeKeys(roomID: RoomID, devices: [DeviceIdentity], rotation: RotationPolicy) async throws(CryptoError) -> [DeviceIdentity]
    func roomKeyShares(roomID: RoomID, devices: [DeviceIdentity], claimedOneTimeKeys: [DeviceKey: JSONValue],
                       rotation: RotationPolicy) async throws(CryptoError) -> RoomKeyShares
    func encryptRoomEvent(roomID: RoomID, type: String, content: JSONValue) async throws(CryptoError) -> JSONValue
    func encryptToDevice(type: String, content: JSONValue, to device: DeviceIdentity, claimedOneTimeKey: JSONValue?) async throws(CryptoError) -> JSONValue
    func rotateRoomSession(roomID: RoomID) async throws(CryptoError)
}

extension OlmMachine: EndToBridgeEncryption {}
