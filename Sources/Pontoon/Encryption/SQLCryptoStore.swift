import PontoonCrypto
import PontoonMatrix
import PontoonStorage
import SQLKit

/// A ``CryptoStore`` in the bridge database (the `crypto_*` tables of core migration 3), on SQLite or PostgreSQL.
///
/// One store is one Olm device: every row it reads or writes is scoped by its (`userID`, `deviceID`), so
/// several devices can share a database without seeing each other's sessions. Pickles arrive encrypted with
/// the machine's pickle key and are stored as given. This type logs nothing; the database's own query log
/// (at trace level only) does show bound values, pickles included.
public struct SQLCryptoStore: CryptoStore {
    /// The user whose device this is (the bridge bot).
    public let userID: UserID
    /// The device whose state this is.
    public let deviceID: String
    private let database: BridgeDatabase

    private enum Table {
        static let account = "crypto_account"
        static let olmSession = "crypto_olm_session"
        static let inbound = "crypto_megolm_inbound"
        static let outbound = "crypto_megolm_outbound"
        static let shared = "crypto_megolm_shared"
        static let index = "crypto_megolm_index"
        static let device = "crypto_device"
    }

    /// Multi-row statements are split at this many rows: a big room's devices must not exceed the bound
    /// parameter limit of either engine (at most 6 binds a row here, far under SQLite's 32 766).
    private static let rowsPerStatement = 500

    /// A store for the device `deviceID` of `userID`, on `database` (migrated with the core migrations).
    public init(database: BridgeDatabase, userID: UserID, deviceID: String) {
        self.database = database
        self.userID = userID
        self.deviceID = deviceID
    }

    // MARK: Account

    public func loadAccount() async throws -> String? {
        try await owned(database.sql.select().column("pickle").from(Table.account))
            .first()?
            .decode(column: "pickle", as: String.self)
    }

    public func saveAccount(pickle: String) async throws {
        try await database.sql.insert(into: Table.account)
            .columns("user_id", "device_id", "pickle")
            .values(try ownerBinds() + [try CoreBind.text(pickle, "pickle")])
            .onConflict(with: ["user_id", "device_id"]) { $0.set(excludedValueOf: "pickle") }
            .run()
    }

    // MARK: Olm sessions

    public func loadOlmSessions(senderKey: String) async throws -> [OlmSessionRecord] {
        try await owned(database.sql.select().columns("session_id", "pickle", "last_used_ms").from(Table.olmSession))
            .where("sender_key", .equal, try CoreBind.text(senderKey, "sender_key"))
            .orderBy("last_used_ms", .descending).orderBy("session_id")
            .all()
            .map { row in
                OlmSessionRecord(
                    senderKey: senderKey, sessionID: try row.decode(column: "session_id", as: String.self),
                    pickle: try row.decode(column: "pickle", as: String.self),
                    lastUsedMs: try row.decode(column: "last_used_ms", as: Int64.self))
            }
    }

    public func saveOlmSession(_ record: OlmSessionRecord) async throws {
        try await database.sql.insert(into: Table.olmSession)
            .columns("user_id", "device_id", "sender_key", "session_id", "pickle", "last_used_ms")
            .values(try ownerBinds() + [
                try CoreBind.text(record.senderKey, "sender_key"), try CoreBind.text(record.sessionID, "session_id"),
                try CoreBind.text(record.pickle, "pickle"), SQLBind(record.lastUsedMs),
            ])
            .onConflict(with: ["user_id", "device_id", "sender_key", "session_id"]) { update in
                update.set(excludedValueOf: "pickle").set(excludedValueOf: "last_used_ms")
            }
            .run()
    }

    // MARK: Inbound Megolm sessions

    public func loadInboundGroupSession(
        roomID: RoomID, senderKey: String, sessionID: String
    ) async throws -> InboundGroupSessionRecord? {
        let row = try await owned(database.sql.select().columns("sender_ed25519", "pickle").from(Table.inbound))
            .where("room_id", .equal, try CoreBind.text(roomID.rawValue, "room_id"))
            .where("sender_key", .equal, try CoreBind.text(senderKey, "sender_key"))
            .where("session_id", .equal, try CoreBind.text(sessionID, "session_id"))
            .first()
        guard let row else { return nil }
        return InboundGroupSessionRecord(
            roomID: roomID, senderKey: senderKey, sessionID: sessionID,
            senderEd25519: try row.decode(column: "sender_ed25519", as: String.self),
            pickle: try row.decode(column: "pickle", as: String.self))
    }

    public func saveInboundGroupSession(_ record: InboundGroupSessionRecord) async throws {
        try await database.sql.insert(into: Table.inbound)
            .columns("user_id", "device_id", "room_id", "sender_key", "session_id", "sender_ed25519", "pickle")
            .values(try ownerBinds() + [
                try CoreBind.text(record.roomID.rawValue, "room_id"), try CoreBind.text(record.senderKey, "sender_key"),
                try CoreBind.text(record.sessionID, "session_id"), try CoreBind.text(record.senderEd25519, "sender_ed25519"),
                try CoreBind.text(record.pickle, "pickle"),
            ])
            .onConflict(with: ["user_id", "device_id", "room_id", "sender_key", "session_id"]) { update in
                update.set(excludedValueOf: "sender_ed25519").set(excludedValueOf: "pickle")
            }
            .run()
    }

    // MARK: Outbound Megolm sessions

    public func loadOutboundGroupSession(roomID: RoomID) async throws -> OutboundGroupSessionRecord? {
        let row = try await owned(database.sql.select()
            .columns("session_id", "pickle", "created_ms", "rotation_period_ms", "rotation_period_msgs")
            .from(Table.outbound))
            .where("room_id", .equal, try CoreBind.text(roomID.rawValue, "room_id"))
            .first()
        guard let row else { return nil }
        let messages = try row.decode(column: "rotation_period_msgs", as: Int64.self)
        guard let messageCount = Int(exactly: messages) else {
            throw StorageError.corruptValue("\(Table.outbound).rotation_period_msgs \(messages) does not fit an Int")
        }
        return OutboundGroupSessionRecord(
            roomID: roomID, sessionID: try row.decode(column: "session_id", as: String.self),
            pickle: try row.decode(column: "pickle", as: String.self),
            createdMs: try row.decode(column: "created_ms", as: Int64.self),
            rotation: RotationPolicy(
                periodMs: try row.decode(column: "rotation_period_ms", as: Int64.self), messages: messageCount))
    }

    public func saveOutboundGroupSession(_ record: OutboundGroupSessionRecord) async throws {
        try await database.sql.insert(into: Table.outbound)
            .columns(
                "user_id", "device_id", "room_id", "session_id", "pickle", "created_ms", "rotation_period_ms",
                "rotation_period_msgs")
            .values(try ownerBinds() + [
                try CoreBind.text(record.roomID.rawValue, "room_id"), try CoreBind.text(record.sessionID, "session_id"),
                try CoreBind.text(record.pickle, "pickle"), SQLBind(record.createdMs),
                SQLBind(record.rotation.periodMs), SQLBind(Int64(record.rotation.messages)),
            ])
            .onConflict(with: ["user_id", "device_id", "room_id"]) { update in
                for column in ["session_id", "pickle", "created_ms", "rotation_period_ms", "rotation_period_msgs"] {
                    update.set(excludedValueOf: column)
                }
                return update
            }
            .run()
    }

    /// Forgets the room's outbound session and, in the same transaction, every record of whom the room's
    /// sessions were shared with: a new session starts with nobody having it.
    public func deleteOutboundGroupSession(roomID: RoomID) async throws {
        let room = try CoreBind.text(roomID.rawValue, "room_id")
        try await database.transaction { db in
            try await owned(db.delete(from: Table.outbound)).where("room_id", .equal, room).run()
            try await owned(db.delete(from: Table.shared)).where("room_id", .equal, room).run()
        }
    }

    // MARK: Room key shares

    public func loadSharedDevices(roomID: RoomID, sessionID: String) async throws -> Set<DeviceKey> {
        let rows = try await owned(database.sql.select().columns("peer_user_id", "peer_device_id").from(Table.shared))
            .where("room_id", .equal, try CoreBind.text(roomID.rawValue, "room_id"))
            .where("session_id", .equal, try CoreBind.text(sessionID, "session_id"))
            .all()
        return Set(try rows.map { row in
            DeviceKey(
                userID: try Self.identifier(row, "peer_user_id", as: UserID.self),
                deviceID: try row.decode(column: "peer_device_id", as: String.self))
        })
    }

    public func addSharedDevices(roomID: RoomID, sessionID: String, devices: Set<DeviceKey>) async throws {
        guard !devices.isEmpty else { return }
        let prefix = try ownerBinds() + [try CoreBind.text(roomID.rawValue, "room_id"), try CoreBind.text(sessionID, "session_id")]
        // Sorted, so concurrent multi-row inserts take PostgreSQL's row locks in one order.
        let rows = try devices.sorted().map { device in
            prefix + [try CoreBind.text(device.userID.rawValue, "peer_user_id"), try CoreBind.text(device.deviceID, "peer_device_id")]
        }
        let columns = ["user_id", "device_id", "room_id", "session_id", "peer_user_id", "peer_device_id"]
        try await inChunks(rows) { db, chunk in
            let insert = db.insert(into: Table.shared).columns(columns)
            for row in chunk { insert.values(row) }
            try await insert.ignoringConflicts(with: columns).run()
        }
    }

    // MARK: Replay protection

    /// Claims (sessionID, index) for `eventID` with one `INSERT … ON CONFLICT DO NOTHING`: of concurrent claims
    /// exactly one inserts, and the others (which PostgreSQL makes wait for that insert to commit) read its event.
    public func claimMessageIndex(sessionID: String, index: UInt32, eventID: EventID) async throws -> EventID {
        let session = try CoreBind.text(sessionID, "session_id")
        let messageIndex = SQLBind(Int64(index))
        let inserted = try await database.sql.insert(into: Table.index)
            .columns("user_id", "device_id", "session_id", "message_index", "event_id")
            .values(try ownerBinds() + [session, messageIndex, try CoreBind.text(eventID.rawValue, "event_id")])
            .ignoringConflicts(with: ["user_id", "device_id", "session_id", "message_index"])
            .returning("event_id")
            .all()
        if !inserted.isEmpty { return eventID }
        let row = try await owned(database.sql.select().column("event_id").from(Table.index))
            .where("session_id", .equal, session)
            .where("message_index", .equal, messageIndex)
            .first()
        // Rows are never deleted, so the conflicting row is still there.
        guard let row else {
            throw StorageError.corruptValue("\(Table.index) has neither inserted nor kept the claim of index \(index)")
        }
        return try Self.identifier(row, "event_id", as: EventID.self)
    }

    // MARK: Devices

    public func loadDevice(curve25519: String) async throws -> DeviceIdentity? {
        let row = try await owned(database.sql.select()
            .columns("peer_user_id", "peer_device_id", "curve25519", "ed25519")
            .from(Table.device))
            .where("curve25519", .equal, try CoreBind.text(curve25519, "curve25519"))
            .first()
        guard let row else { return nil }
        return DeviceIdentity(
            userID: try Self.identifier(row, "peer_user_id", as: UserID.self),
            deviceID: try row.decode(column: "peer_device_id", as: String.self),
            curve25519: try row.decode(column: "curve25519", as: String.self),
            ed25519: try row.decode(column: "ed25519", as: String.self))
    }

    /// Inserts or replaces each device (by user and device ID). A curve25519 key names one device: a device
    /// saved with the key of another replaces it, as the latest saved wins (within `devices` too, in order).
    /// Concurrent saves that move one key between two devices may fail on PostgreSQL (the unique index);
    /// retrying succeeds.
    public func saveDevices(_ devices: [DeviceIdentity]) async throws {
        var seenKeys: Set<DeviceKey> = [], seenCurves: Set<String> = []
        var latest: [DeviceIdentity] = []
        for device in devices.reversed() where !seenKeys.contains(device.key) && !seenCurves.contains(device.curve25519) {
            seenKeys.insert(device.key)
            seenCurves.insert(device.curve25519)
            latest.append(device)
        }
        guard !latest.isEmpty else { return }
        latest.sort { $0.key < $1.key }
        let rows = try latest.map { device in
            try ownerBinds() + [
                try CoreBind.text(device.userID.rawValue, "peer_user_id"), try CoreBind.text(device.deviceID, "peer_device_id"),
                try CoreBind.text(device.curve25519, "curve25519"), try CoreBind.text(device.ed25519, "ed25519"),
            ]
        }
        let curves = latest.map(\.curve25519) // checked for NUL in `rows`
        try await database.transaction { db in
            // First free the keys being saved from whichever devices hold them now.
            for range in Self.chunks(curves.count) {
                try await owned(db.delete(from: Table.device))
                    .where("curve25519", .in, SQLBind.group(Array(curves[range])))
                    .run()
            }
            for range in Self.chunks(rows.count) {
                let insert = db.insert(into: Table.device)
                    .columns("user_id", "device_id", "peer_user_id", "peer_device_id", "curve25519", "ed25519")
                for row in rows[range] { insert.values(row) }
                try await insert.onConflict(with: ["user_id", "device_id", "peer_user_id", "peer_device_id"]) { update in
                    update.set(excludedValueOf: "curve25519").set(excludedValueOf: "ed25519")
                }.run()
            }
        }
    }

    // MARK: Helpers

    /// `builder` limited to this device's rows.
    private func owned<Builder: SQLPredicateBuilder>(_ builder: Builder) throws -> Builder {
        let owner = try ownerBinds()
        return builder.where("user_id", .equal, owner[0]).where("device_id", .equal, owner[1])
    }

    /// The binds of the `user_id` and `device_id` columns.
    private func ownerBinds() throws -> [any SQLExpression] {
        [try CoreBind.text(userID.rawValue, "user_id"), try CoreBind.text(deviceID, "device_id")]
    }

    /// Runs one statement per chunk of `rows`: alone when there is one chunk, else all in one transaction.
    private func inChunks(
        _ rows: [[any SQLExpression]],
        _ statement: (any SQLDatabase, ArraySlice<[any SQLExpression]>) async throws -> Void
    ) async throws {
        let ranges = Self.chunks(rows.count)
        if ranges.count <= 1 {
            try await statement(database.sql, rows[...])
            return
        }
        try await database.transaction { db in
            for range in ranges { try await statement(db, rows[range]) }
        }
    }

    /// `0..<count` in pieces of at most ``rowsPerStatement``.
    private static func chunks(_ count: Int) -> [Range<Int>] {
        stride(from: 0, to: count, by: rowsPerStatement).map { $0..<min($0 + rowsPerStatement, count) }
    }

    /// A Matrix identifier column, validated on the way out.
    private static func identifier<ID: MatrixIdentifier>(_ row: any SQLRow, _ column: String, as _: ID.Type) throws -> ID {
        let raw = try row.decode(column: column, as: String.self)
        guard let id = ID(rawValue: raw) else {
            throw StorageError.corruptValue("\(column) \"\(raw.prefix(80))\" is not a valid Matrix identifier")
        }
        return id
    }
}
