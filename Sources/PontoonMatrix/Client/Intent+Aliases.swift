/// Room aliases.
extension Intent {
    /// Points `alias` at `room`. Throws `M_UNKNOWN`/409 when the alias already exists.
    public func createAlias(_ alias: RoomAlias, for room: RoomID) async throws {
        let body: JSONValue = ["room_id": .string(room.rawValue)]
        _ = try await send(.PUT, MatrixPath.client("v3", "directory", "room", alias.rawValue),
            endpoint: "alias", retry: .idempotent, body: .json(try MatrixJSON.encode(body)))
    }

    /// Removes `alias`.
    public func deleteAlias(_ alias: RoomAlias) async throws {
        _ = try await send(.DELETE, MatrixPath.client("v3", "directory", "room", alias.rawValue),
            endpoint: "alias", retry: .idempotent)
    }

    /// The room `alias` points at, or `nil` when it points nowhere.
    public func resolveAlias(_ alias: RoomAlias) async throws -> RoomID? {
        try await nilIfNotFound {
            try await sendJSON(.GET, MatrixPath.client("v3", "directory", "room", alias.rawValue),
                endpoint: "alias", retry: .idempotent, json: noBody, as: RoomIDResponse.self).roomID
        }
    }
}
