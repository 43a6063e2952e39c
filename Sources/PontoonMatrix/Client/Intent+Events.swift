import NIOHTTP1

/// Sending, redacting and reading events.
extension Intent {
    /// Sends a message event; returns its event ID.
    ///
    /// - Parameters:
    ///   - transactionID: pass a deterministic ID (derived from the remote message ID) so that a
    ///     retry after a crash is de-duplicated by the homeserver; by default a fresh bridge-wide
    ///     unique one is used. It must be unique across the whole bridge, not only per ghost.
    ///   - timestamp: `origin_server_ts` in milliseconds (timestamp massaging, `?ts=`).
    public func sendMessageEvent(
        to room: RoomID, type: String, content: JSONValue, transactionID: String? = nil, timestamp: Int64? = nil
    ) async throws -> EventID {
        try await sendMessageEvent(to: room, type: type, encodedContent: try MatrixJSON.encode(content),
            transactionID: transactionID, timestamp: timestamp)
    }

    /// Sends a message event whose content is any `Encodable` value.
    public func sendMessageEvent(
        to room: RoomID, type: String, content: some Encodable & Sendable, transactionID: String? = nil,
        timestamp: Int64? = nil
    ) async throws -> EventID {
        try await sendMessageEvent(to: room, type: type, encodedContent: try MatrixJSON.encode(content),
            transactionID: transactionID, timestamp: timestamp)
    }

    /// Sends a state event; returns its event ID. Same-content repeats are harmless, so always retried.
    public func sendStateEvent(
        to room: RoomID, type: String, stateKey: String = "", content: JSONValue, timestamp: Int64? = nil
    ) async throws -> EventID {
        let path = MatrixPath.client("v3", "rooms", room.rawValue, "state", type, stateKey)
        return try await sendJSON(.PUT, path, endpoint: "state", retry: .idempotent,
            query: Self.timestampQuery(timestamp), json: content, as: EventIDResponse.self).eventID
    }

    /// Redacts `event`; returns the redaction's event ID.
    public func redact(
        _ event: EventID, in room: RoomID, reason: String? = nil, transactionID: String? = nil
    ) async throws -> EventID {
        let txnID = transactionID ?? client.transactionIDs.next()
        let path = MatrixPath.client("v3", "rooms", room.rawValue, "redact", event.rawValue, txnID)
        let body: JSONValue = reason.map { ["reason": .string($0)] } ?? [:]
        return try await sendJSON(.PUT, path, endpoint: "redact", retry: .idempotent, json: body,
            as: EventIDResponse.self).eventID
    }

    /// Starts or stops this user's typing notification in `room`.
    public func setTyping(in room: RoomID, typing: Bool, timeoutMs: Int = 30_000) async throws {
        var body: JSONValue = ["typing": .bool(typing)]
        if typing { body = ["typing": true, "timeout": .int(Int64(timeoutMs))] }
        _ = try await send(.PUT, MatrixPath.client("v3", "rooms", room.rawValue, "typing", userID.rawValue),
            endpoint: "typing", retry: .idempotent, body: .json(try MatrixJSON.encode(body)))
    }

    /// Sends a read receipt (`m.read` or `m.read.private`) for `event`, optionally for one thread
    /// (`main` for the main timeline).
    public func sendReceipt(
        in room: RoomID, event: EventID, type: String = "m.read", threadID: String? = nil
    ) async throws {
        let body: JSONValue = threadID.map { ["thread_id": .string($0)] } ?? [:]
        let path = MatrixPath.client("v3", "rooms", room.rawValue, "receipt", type, event.rawValue)
        _ = try await send(.POST, path, endpoint: "receipt", retry: .idempotent,
            body: .json(try MatrixJSON.encode(body)))
    }

    /// Moves the fully-read marker and, optionally, the read receipts.
    public func setReadMarkers(
        in room: RoomID, fullyRead: EventID?, read: EventID? = nil, readPrivate: EventID? = nil
    ) async throws {
        var body: [String: JSONValue] = [:]
        if let fullyRead { body["m.fully_read"] = .string(fullyRead.rawValue) }
        if let read { body["m.read"] = .string(read.rawValue) }
        if let readPrivate { body["m.read.private"] = .string(readPrivate.rawValue) }
        _ = try await send(.POST, MatrixPath.client("v3", "rooms", room.rawValue, "read_markers"),
            endpoint: "read_markers", retry: .idempotent, body: .json(try MatrixJSON.encode(JSONValue.object(body))))
    }

    /// The content of a state event, or `nil` when there is none (`404 M_NOT_FOUND`).
    public func getStateEvent(in room: RoomID, type: String, stateKey: String = "") async throws -> JSONValue? {
        let path = MatrixPath.client("v3", "rooms", room.rawValue, "state", type, stateKey)
        do {
            return try await sendJSON(.GET, path, endpoint: "get_state", retry: .idempotent, json: noBody,
                as: JSONValue.self)
        } catch let error as MatrixError where error.statusCode == 404 && error.errcode == "M_NOT_FOUND" {
            return nil
        }
    }

    /// One event of `room`, as the homeserver serves it (the whole event, not only its content).
    public func getEvent(in room: RoomID, id event: EventID) async throws -> JSONValue {
        try await sendJSON(.GET, MatrixPath.client("v3", "rooms", room.rawValue, "event", event.rawValue),
            endpoint: "get_event", retry: .idempotent, json: noBody, as: JSONValue.self)
    }

    private func sendMessageEvent(
        to room: RoomID, type: String, encodedContent: [UInt8], transactionID: String?, timestamp: Int64?
    ) async throws -> EventID {
        let txnID = transactionID ?? client.transactionIDs.next()
        var type = type
        var encodedContent = encodedContent
        if type != EncryptedContent.eventType, let encryptor = client.encryption.encryptor,
           let encrypted = try await encryptor.encrypt(type: type, encodedContent: encodedContent, in: room, sender: userID) {
            type = EncryptedContent.eventType
            encodedContent = encrypted
        }
        let path = MatrixPath.client("v3", "rooms", room.rawValue, "send", type, txnID)
        // A PUT with a txnId is de-duplicated by the homeserver, so every failure may be retried.
        let response = try await send(.PUT, path, endpoint: "send", retry: .idempotent,
            query: Self.timestampQuery(timestamp), body: .json(encodedContent))
        return try response.decode(EventIDResponse.self, endpoint: "send").eventID
    }

    static func timestampQuery(_ timestamp: Int64?) -> [HomeserverRequest.QueryItem] {
        timestamp.map { [HomeserverRequest.QueryItem(name: "ts", value: String($0))] } ?? []
    }
}
