import PontoonMatrix

/// The to-device messages that hand a room's current Megolm session to devices that lack it.
public struct RoomKeyShares: Sendable {
    /// The outbound session being shared.
    public let sessionID: String
    /// `user → device → m.room.encrypted content`, i.e. the `messages` of
    /// `PUT /sendToDevice/m.room.encrypted/{txnId}`.
    public let messages: [UserID: [String: JSONValue]]
    /// Devices that could not be given the key: no Olm session and no (valid) claimed one-time key.
    public let skipped: [DeviceKey: CryptoError]

    /// The `sendToDevice` request body, `{"messages": …}`.
    public var requestBody: JSONValue {
        .object(["messages": .object(Dictionary(uniqueKeysWithValues: messages.map { ($0.key.rawValue, .object($0.value)) }))])
    }

    /// Whether there is nothing to send.
    public var isEmpty: Bool { messages.isEmpty }
}
