/// Room creation and membership.
///
/// Membership POSTs are retried like idempotent calls: Synapse answers a repeated, identical
/// membership change with the existing event instead of a new one.
extension Intent {
    /// Creates a room as this user. Not repeated after a lost answer (a repeat could create a second room).
    ///
    /// The creator is removed from a `power_level_content_override`'s `users`: room version 12
    /// (Synapse's default) refuses a creator listed there, and older versions give the creator 100 anyway.
    public func createRoom(_ request: CreateRoomRequest) async throws -> RoomID {
        try await sendJSON(.POST, MatrixPath.client("v3", "createRoom"), endpoint: "create_room",
            retry: .notIdempotent, json: request.withoutCreatorInPowerLevels(userID), as: RoomIDResponse.self).roomID
    }

    /// Invites `user` to `room`.
    public func invite(_ user: UserID, to room: RoomID, reason: String? = nil) async throws {
        try await membership("invite", room: room, target: user, reason: reason)
    }

    /// Joins a room by ID or alias; `servers` are tried for a room this homeserver isn't in yet.
    public func join(_ roomIDOrAlias: String, via servers: [String] = []) async throws -> RoomID {
        let query = servers.map { HomeserverRequest.QueryItem(name: "server_name", value: $0) }
            + servers.map { HomeserverRequest.QueryItem(name: "via", value: $0) }
        return try await sendJSON(.POST, MatrixPath.client("v3", "join", roomIDOrAlias), endpoint: "join",
            retry: .idempotent, query: query, json: JSONValue.object([:]), as: RoomIDResponse.self).roomID
    }

    /// Leaves (or rejects an invite to) `room`.
    public func leave(_ room: RoomID, reason: String? = nil) async throws {
        try await membership("leave", room: room, target: nil, reason: reason)
    }

    /// Kicks `user` from `room`.
    public func kick(_ user: UserID, from room: RoomID, reason: String? = nil) async throws {
        try await membership("kick", room: room, target: user, reason: reason)
    }

    /// Bans `user` from `room`.
    public func ban(_ user: UserID, from room: RoomID, reason: String? = nil) async throws {
        try await membership("ban", room: room, target: user, reason: reason)
    }

    /// Lifts a ban of `user` in `room`.
    public func unban(_ user: UserID, in room: RoomID, reason: String? = nil) async throws {
        try await membership("unban", room: room, target: user, reason: reason)
    }

    /// The rooms this user is joined to.
    public func joinedRooms() async throws -> [RoomID] {
        struct JoinedRooms: Decodable {
            let joinedRooms: [RoomID]
            enum CodingKeys: String, CodingKey { case joinedRooms = "joined_rooms" }
        }
        return try await sendJSON(.GET, MatrixPath.client("v3", "joined_rooms"), endpoint: "joined_rooms",
            retry: .idempotent, json: noBody, as: JoinedRooms.self).joinedRooms
    }

    /// The joined members of `room` with their room-specific profiles.
    public func joinedMembers(_ room: RoomID) async throws -> [UserID: Profile] {
        struct JoinedMembers: Decodable {
            let joined: [String: Profile]
        }
        let members = try await sendJSON(.GET, MatrixPath.client("v3", "rooms", room.rawValue, "joined_members"),
            endpoint: "joined_members", retry: .idempotent, json: noBody, as: JoinedMembers.self).joined
        var result: [UserID: Profile] = [:]
        for (key, profile) in members {
            guard let user = UserID(rawValue: key) else {
                throw HomeserverClientError.invalidResponse(endpoint: "joined_members", reason: "invalid user ID in \"joined\"")
            }
            result[user] = profile
        }
        return result
    }

    /// Everyone in `room` with their membership (joined, invited, left…), from its member events.
    public func members(_ room: RoomID) async throws -> [UserID: Membership] {
        struct Members: Decodable {
            struct Event: Decodable {
                let stateKey: String
                let content: [String: JSONValue]
                enum CodingKeys: String, CodingKey {
                    case stateKey = "state_key"
                    case content
                }
            }
            let chunk: [Event]
        }
        let events = try await sendJSON(.GET, MatrixPath.client("v3", "rooms", room.rawValue, "members"),
            endpoint: "members", retry: .idempotent, json: noBody, as: Members.self).chunk
        var result: [UserID: Membership] = [:]
        for event in events {
            guard let user = UserID(rawValue: event.stateKey), let membership = event.content["membership"]?.stringValue else { continue }
            result[user] = Membership(rawValue: membership)
        }
        return result
    }

    private func membership(_ action: String, room: RoomID, target: UserID?, reason: String?) async throws {
        var body: [String: JSONValue] = [:]
        if let target { body["user_id"] = .string(target.rawValue) }
        if let reason { body["reason"] = .string(reason) }
        _ = try await send(.POST, MatrixPath.client("v3", "rooms", room.rawValue, action), endpoint: action,
            retry: .idempotent, body: .json(try MatrixJSON.encode(JSONValue.object(body))))
    }
}
