/// Account data, global and per room.
extension Intent {
    /// Sets this user's global account data of `type` (e.g. `m.direct`).
    public func setAccountData(type: String, content: JSONValue) async throws {
        _ = try await send(.PUT, MatrixPath.client("v3", "user", userID.rawValue, "account_data", type),
            endpoint: "account_data", retry: .idempotent, body: .json(try MatrixJSON.encode(content)))
    }

    /// This user's global account data of `type`, or `nil` when none is set.
    public func getAccountData(type: String) async throws -> JSONValue? {
        try await nilIfNotFound {
            try await sendJSON(.GET, MatrixPath.client("v3", "user", userID.rawValue, "account_data", type),
                endpoint: "account_data", retry: .idempotent, json: noBody, as: JSONValue.self)
        }
    }

    /// Sets this user's account data of `type` in `room`.
    public func setRoomAccountData(in room: RoomID, type: String, content: JSONValue) async throws {
        let path = MatrixPath.client("v3", "user", userID.rawValue, "rooms", room.rawValue, "account_data", type)
        _ = try await send(.PUT, path, endpoint: "room_account_data", retry: .idempotent,
            body: .json(try MatrixJSON.encode(content)))
    }

    /// This user's account data of `type` in `room`, or `nil` when none is set.
    public func getRoomAccountData(in room: RoomID, type: String) async throws -> JSONValue? {
        let path = MatrixPath.client("v3", "user", userID.rawValue, "rooms", room.rawValue, "account_data", type)
        return try await nilIfNotFound {
            try await sendJSON(.GET, path, endpoint: "room_account_data", retry: .idempotent, json: noBody,
                as: JSONValue.self)
        }
    }

    /// Runs `call`, turning `404 M_NOT_FOUND` into `nil`.
    func nilIfNotFound<T>(_ call: () async throws -> T) async throws -> T? {
        do {
            return try await call()
        } catch let error as MatrixError where error.statusCode == 404 && error.errcode == "M_NOT_FOUND" {
            return nil
        }
    }
}
