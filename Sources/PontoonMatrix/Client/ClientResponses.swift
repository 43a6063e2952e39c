import NIOCore

/// Who the homeserver thinks a request is from (`GET /account/whoami`).
public struct WhoAmI: Sendable, Hashable, Decodable {
    public let userID: UserID
    public let deviceID: String?
    public let isGuest: Bool

    public init(userID: UserID, deviceID: String?, isGuest: Bool) {
        self.userID = userID
        self.deviceID = deviceID
        self.isGuest = isGuest
    }

    enum CodingKeys: String, CodingKey {
        case userID = "user_id", deviceID = "device_id", isGuest = "is_guest"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        userID = try container.decode(UserID.self, forKey: .userID)
        deviceID = try container.decodeIfPresent(String.self, forKey: .deviceID)
        isGuest = try container.decodeIfPresent(Bool.self, forKey: .isGuest) ?? false
    }
}

/// A user's global profile, or their profile in one room (`joined_members`).
public struct Profile: Sendable, Hashable, Decodable {
    public let displayName: String?
    /// `nil` when unset or not a valid `mxc://` URI.
    public let avatarURL: MXCURI?

    public init(displayName: String?, avatarURL: MXCURI?) {
        self.displayName = displayName
        self.avatarURL = avatarURL
    }

    enum CodingKeys: String, CodingKey {
        case displayName = "displayname", avatarURL = "avatar_url", displayNameAlternative = "display_name"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        // Profiles are other users' data: a wrongly typed field is treated as missing, not as an error.
        displayName = (try? container.decodeIfPresent(String.self, forKey: .displayName))
            ?? (try? container.decodeIfPresent(String.self, forKey: .displayNameAlternative))
        avatarURL = (try? container.decodeIfPresent(String.self, forKey: .avatarURL)).flatMap { MXCURI(rawValue: $0) }
    }
}

/// The spec versions and unstable features a homeserver supports (`GET /_matrix/client/versions`).
public struct HomeserverVersions: Sendable, Hashable, Decodable {
    public let versions: [String]
    public let unstableFeatures: [String: Bool]

    public init(versions: [String], unstableFeatures: [String: Bool]) {
        self.versions = versions
        self.unstableFeatures = unstableFeatures
    }

    enum CodingKeys: String, CodingKey {
        case versions, unstableFeatures = "unstable_features"
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        versions = try container.decode([String].self, forKey: .versions)
        unstableFeatures = (try? container.decodeIfPresent([String: Bool].self, forKey: .unstableFeatures)) ?? [:]
    }

    /// Whether `version` (e.g. `v1.11`) is listed.
    public func supports(_ version: String) -> Bool { versions.contains(version) }
}

/// The homeserver's media limits (`GET /_matrix/client/v1/media/config`).
public struct MediaConfig: Sendable, Hashable, Decodable {
    /// The largest upload in bytes, when the homeserver says.
    public let maxUploadBytes: Int?

    public init(maxUploadBytes: Int?) { self.maxUploadBytes = maxUploadBytes }

    enum CodingKeys: String, CodingKey { case maxUploadBytes = "m.upload.size" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        maxUploadBytes = try? container.decodeIfPresent(Int.self, forKey: .maxUploadBytes)
    }
}

/// Downloaded media and what the homeserver said about it.
public struct DownloadedMedia: Sendable {
    public let body: ByteBuffer
    /// The `Content-Type` header.
    public let contentType: String?
    /// The file name from `Content-Disposition`, when there is one.
    public let filename: String?

    public init(body: ByteBuffer, contentType: String?, filename: String?) {
        self.body = body
        self.contentType = contentType
        self.filename = filename
    }
}

/// `{"event_id": …}`.
struct EventIDResponse: Decodable {
    let eventID: EventID
    enum CodingKeys: String, CodingKey { case eventID = "event_id" }
}

/// `{"room_id": …}`.
struct RoomIDResponse: Decodable {
    let roomID: RoomID
    enum CodingKeys: String, CodingKey { case roomID = "room_id" }
}
