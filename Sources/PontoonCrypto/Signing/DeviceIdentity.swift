import PontoonMatrix

/// A device whose keys have been checked: the `/keys/query` entry named this user and device and
/// was self-signed by the ed25519 key it lists.
public struct DeviceIdentity: Sendable, Hashable {
    public let userID: UserID
    public let deviceID: String
    /// Unpadded base64 curve25519 identity key (Olm).
    public let curve25519: String
    /// Unpadded base64 ed25519 key (signatures).
    public let ed25519: String

    public init(userID: UserID, deviceID: String, curve25519: String, ed25519: String) {
        self.userID = userID
        self.deviceID = deviceID
        self.curve25519 = curve25519
        self.ed25519 = ed25519
    }

    /// The (user, device) pair.
    public var key: DeviceKey { DeviceKey(userID: userID, deviceID: deviceID) }

    /// Verifies one device entry of a `/keys/query` response (`device_keys.<user>.<device>`):
    /// `user_id`/`device_id` must be the ones it is filed under, both keys must be present and
    /// well-formed, and the entry must carry a valid self-signature by its ed25519 key.
    public static func verified(deviceKeys json: JSONValue, userID: UserID, deviceID: String) throws(CryptoError) -> DeviceIdentity {
        guard json.objectValue != nil else { throw .malformed("device_keys entry is not an object") }
        guard json["user_id"]?.stringValue == userID.rawValue, json["device_id"]?.stringValue == deviceID else {
            throw .deviceMismatch("the keys of \(userID) \(deviceID) name another user or device")
        }
        guard let curve = json["keys"]?["curve25519:\(deviceID)"]?.stringValue,
              let ed = json["keys"]?["ed25519:\(deviceID)"]?.stringValue
        else { throw .malformed("device_keys.keys lacks curve25519:\(deviceID) or ed25519:\(deviceID)") }
        guard UnpaddedBase64.decode(curve)?.count == 32 else { throw .invalidBase64("keys.curve25519:\(deviceID)") }
        guard UnpaddedBase64.decode(ed)?.count == 32 else { throw .invalidBase64("keys.ed25519:\(deviceID)") }
        try SignedJSON.verify(json, signer: userID.rawValue, keyID: "ed25519:\(deviceID)", publicKey: ed)
        return DeviceIdentity(userID: userID, deviceID: deviceID, curve25519: curve, ed25519: ed)
    }

    /// Verifies the one-time key a `/keys/claim` response gave for this device
    /// (`one_time_keys.<user>.<device>`, `{"signed_curve25519:<id>": {key, signatures}}`) and
    /// returns its curve25519 key. Unsigned `curve25519:` keys are refused.
    public func verifiedOneTimeKey(_ claimed: JSONValue) throws(CryptoError) -> String {
        guard let members = claimed.objectValue, members.count == 1, let (keyID, object) = members.first else {
            throw .malformed("a claimed one-time key must be one {\"signed_curve25519:<id>\": …} entry")
        }
        guard keyID.hasPrefix("signed_curve25519:") else { throw .unsupportedAlgorithm(keyID) }
        guard let key = object["key"]?.stringValue else { throw .malformed("\(keyID) has no key") }
        guard UnpaddedBase64.decode(key)?.count == 32 else { throw .invalidBase64("\(keyID).key") }
        try SignedJSON.verify(object, signer: userID.rawValue, keyID: "ed25519:\(deviceID)", publicKey: ed25519)
        return key
    }
}

/// A (user, device) pair, e.g. a key for "who already has this room key".
public struct DeviceKey: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let userID: UserID
    public let deviceID: String

    public init(userID: UserID, deviceID: String) {
        self.userID = userID
        self.deviceID = deviceID
    }

    public var description: String { "\(userID)/\(deviceID)" }

    public static func < (lhs: DeviceKey, rhs: DeviceKey) -> Bool {
        (lhs.userID.rawValue, lhs.deviceID) < (rhs.userID.rawValue, rhs.deviceID)
    }
}
