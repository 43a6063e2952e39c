/// End-to-end encryption keys and to-device messages. These calls need the device they act for
/// (``Intent/withDevice(_:)``): the homeserver files keys and to-device messages per device.
extension Intent {
    /// `POST /keys/upload`: device keys, one-time keys and fallback keys (any of them); returns
    /// the server's count of unused one-time keys per algorithm.
    public func uploadKeys(_ body: JSONValue) async throws -> [String: Int] {
        let response = try await sendJSON(.POST, MatrixPath.client("v3", "keys", "upload"), endpoint: "keys_upload",
                                          retry: .idempotent, json: body, as: JSONValue.self)
        var counts: [String: Int] = [:]
        for (algorithm, count) in response["one_time_key_counts"]?.objectValue ?? [:] {
            if let count = count.intValue { counts[algorithm] = Int(count) }
        }
        return counts
    }

    /// `POST /keys/query` for every device of `users`; the raw answer (`device_keys`, `failures`),
    /// whose entries the caller must verify before trusting them.
    public func queryKeys(_ users: [UserID], timeoutMs: Int = 10_000) async throws -> JSONValue {
        let body: JSONValue = [
            "device_keys": .object(Dictionary(users.map { ($0.rawValue, JSONValue.array([])) }, uniquingKeysWith: { first, _ in first })),
            "timeout": .int(Int64(timeoutMs)),
        ]
        return try await sendJSON(.POST, MatrixPath.client("v3", "keys", "query"), endpoint: "keys_query",
                                  retry: .idempotent, json: body, as: JSONValue.self)
    }

    /// `POST /keys/claim`: one one-time key of `algorithm` for each (user, device); the raw answer
    /// (`one_time_keys.<user>.<device>`), whose signatures the caller must verify.
    public func claimKeys(_ devices: [UserID: [String]], algorithm: String = "signed_curve25519",
                          timeoutMs: Int = 10_000) async throws -> JSONValue {
        var wanted: [String: JSONValue] = [:]
        for (user, ids) in devices {
            wanted[user.rawValue] = .object(Dictionary(ids.map { ($0, JSONValue.string(algorithm)) }, uniquingKeysWith: { first, _ in first }))
        }
        // A repeat would use up a second key per device, so it is retried only when nothing was sent.
        return try await sendJSON(.POST, MatrixPath.client("v3", "keys", "claim"), endpoint: "keys_claim",
                                  retry: .notIdempotent,
                                  json: ["one_time_keys": .object(wanted), "timeout": .int(Int64(timeoutMs))] as JSONValue,
                                  as: JSONValue.self)
    }

    /// `PUT /sendToDevice/{type}/{txnId}` with `messages` (`user → device → content`).
    public func sendToDevice(type: String, messages: [UserID: [String: JSONValue]], transactionID: String? = nil) async throws {
        let txnID = transactionID ?? client.transactionIDs.next()
        let body: JSONValue = ["messages": .object(Dictionary(messages.map { ($0.key.rawValue, JSONValue.object($0.value)) },
                                                              uniquingKeysWith: { first, _ in first }))]
        _ = try await sendJSON(.PUT, MatrixPath.client("v3", "sendToDevice", type, txnID), endpoint: "send_to_device",
                               retry: .idempotent, json: body, as: JSONValue.self)
    }
}
