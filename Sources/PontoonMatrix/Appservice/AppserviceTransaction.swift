import Foundation

/// The body of `PUT /_matrix/app/v1/transactions/{txnId}`: room events, and with MSC2409/MSC3202
/// also EDUs, to-device events, device-list changes and one-time-key counts.
///
/// Decoding is lenient item by item: an item that cannot be decoded (an event without `type`, a
/// hostile deeply nested event) is left out and listed in ``skipped``, never failing the whole
/// transaction, which the homeserver would otherwise retry forever.
public struct AppserviceTransaction: Sendable, Hashable {
    /// Room events (PDUs), in the order sent.
    public var events: [ClientEvent]
    /// EDUs from `ephemeral` and `de.sorunome.msc2409.ephemeral`, exact duplicates across the two removed.
    public var ephemeral: [EphemeralEvent]
    /// To-device events from `to_device` and `de.sorunome.msc2409.to_device`, exact duplicates removed.
    public var toDevice: [ToDeviceEvent]
    /// `device_lists` / `org.matrix.msc3202.device_lists`, merged.
    public var deviceLists: DeviceListChanges?
    /// user → device → key algorithm → unused one-time keys.
    public var oneTimeKeyCounts: [UserID: [String: [String: Int]]]
    /// user → device → algorithms with an unused fallback key.
    public var unusedFallbackKeyTypes: [UserID: [String: [String]]]
    /// Items left out because they could not be decoded.
    public var skipped: [SkippedItem]

    public init(
        events: [ClientEvent] = [], ephemeral: [EphemeralEvent] = [], toDevice: [ToDeviceEvent] = [],
        deviceLists: DeviceListChanges? = nil, oneTimeKeyCounts: [UserID: [String: [String: Int]]] = [:],
        unusedFallbackKeyTypes: [UserID: [String: [String]]] = [:], skipped: [SkippedItem] = []
    ) {
        self.events = events
        self.ephemeral = ephemeral
        self.toDevice = toDevice
        self.deviceLists = deviceLists
        self.oneTimeKeyCounts = oneTimeKeyCounts
        self.unusedFallbackKeyTypes = unusedFallbackKeyTypes
        self.skipped = skipped
    }

    /// Whether the transaction carries nothing at all.
    public var isEmpty: Bool {
        events.isEmpty && ephemeral.isEmpty && toDevice.isEmpty && (deviceLists?.isEmpty ?? true)
            && oneTimeKeyCounts.isEmpty && unusedFallbackKeyTypes.isEmpty
    }

    /// Decodes a transaction body.
    ///
    /// Throws only when the body is not JSON, not an object, or a section has the wrong JSON type
    /// (e.g. `events` is a string). A missing `events` reads as empty.
    public static func decode(_ body: some Collection<UInt8>) throws(TransactionDecodingError) -> AppserviceTransaction {
        let parsed = JSONParser.withBuffer(body) { buffer in
            var parser = JSONParser(buffer, maxDepth: JSONValue.defaultMaxDepth)
            parser.recoveringArrayElementsAtLevel = 2
            return Result { () throws(JSONParseError) in
                (try parser.parseDocument(), parser.replacedElements)
            }
        }
        switch parsed {
        case .success(let (json, replaced)):
            var decoder = TransactionDecoder()
            for element in replaced {
                decoder.tooDeep.insert(TransactionDecoder.Position(section: element.memberKey ?? "", index: element.index))
            }
            return try decoder.decode(json)
        case .failure(let error):
            throw .notJSON(error.description)
        }
    }

    /// Decodes an already parsed transaction body.
    public static func decode(json: JSONValue) throws(TransactionDecodingError) -> AppserviceTransaction {
        var decoder = TransactionDecoder()
        return try decoder.decode(json)
    }
}

/// Why a transaction body was rejected as a whole.
public enum TransactionDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The body is not JSON (the detail says where and why).
    case notJSON(String)
    /// The body is JSON but not an object.
    case notAnObject
    /// A section has the wrong JSON type; names the member.
    case invalidField(String)

    public var description: String {
        switch self {
        case .notJSON(let detail): "transaction body is not JSON: \(detail)"
        case .notAnObject: "transaction body is not a JSON object"
        case .invalidField(let field): "transaction member \"\(field)\" has the wrong type"
        }
    }
}

/// An item of a transaction that could not be decoded and was left out.
public struct SkippedItem: Sendable, Hashable, CustomStringConvertible {
    /// The transaction member it was in, e.g. `events` or `org.matrix.msc3202.device_one_time_keys_count`.
    public let section: String
    /// Its position, for array sections.
    public let index: Int?
    /// Its key (user ID, or `user/device`), for map sections.
    public let key: String?
    /// Why it could not be decoded.
    public let reason: String

    public init(section: String, index: Int? = nil, key: String? = nil, reason: String) {
        self.section = section
        self.index = index
        self.key = key
        self.reason = reason
    }

    public var description: String {
        let position = index.map { "[\($0)]" } ?? key.map { "[\"\($0.prefix(100))\"]" } ?? ""
        return "\(section)\(position): \(reason)"
    }
}

/// The decoding steps of ``AppserviceTransaction/decode(_:)``.
private struct TransactionDecoder {
    struct Position: Hashable {
        let section: String
        let index: Int
    }

    /// Array elements the parser replaced because they nested too deeply.
    var tooDeep: Set<Position> = []
    private var skipped: [SkippedItem] = []

    mutating func decode(_ json: JSONValue) throws(TransactionDecodingError) -> AppserviceTransaction {
        guard let body = json.objectValue else { throw .notAnObject }
        var transaction = AppserviceTransaction()

        for (section, position, element) in try elements(of: ["events"], in: body) {
            do {
                transaction.events.append(try ClientEvent(json: element))
            } catch {
                skip(section, index: position, reason: error.description)
            }
        }
        for (section, position, element) in try elements(of: ["ephemeral", "de.sorunome.msc2409.ephemeral"], in: body) {
            do {
                transaction.ephemeral.append(try EphemeralEvent(json: element))
            } catch {
                skip(section, index: position, reason: error.description)
            }
        }
        for (section, position, element) in try elements(of: ["to_device", "de.sorunome.msc2409.to_device"], in: body) {
            do {
                transaction.toDevice.append(try ToDeviceEvent(json: element))
            } catch {
                skip(section, index: position, reason: error.description)
            }
        }
        transaction.deviceLists = try deviceLists(in: body)
        transaction.oneTimeKeyCounts = try keyMaps(
            ["device_one_time_keys_count", "org.matrix.msc3202.device_one_time_keys_count",
             "org.matrix.msc3202.device_one_time_key_counts"],
            in: body, expected: "an object of integers"
        ) { value -> [String: Int]? in
            guard let members = value.objectValue else { return nil }
            var counts: [String: Int] = [:]
            for (algorithm, count) in members {
                guard let count = count.intValue.flatMap({ Int(exactly: $0) }) else { return nil }
                counts[algorithm] = count
            }
            return counts
        }
        transaction.unusedFallbackKeyTypes = try keyMaps(
            ["device_unused_fallback_key_types", "org.matrix.msc3202.device_unused_fallback_key_types"],
            in: body, expected: "an array of strings"
        ) { value -> [String]? in
            guard let elements = value.arrayValue else { return nil }
            let strings = elements.compactMap(\.stringValue)
            return strings.count == elements.count ? strings : nil
        }
        transaction.skipped = skipped
        return transaction
    }

    private mutating func skip(_ section: String, index: Int? = nil, key: String? = nil, reason: String) {
        skipped.append(SkippedItem(section: section, index: index, key: key, reason: reason))
    }

    /// The elements of the array members `names` (the stable name first), each tagged with where it
    /// came from; elements of a later member that exactly equal one of an earlier member are dropped.
    /// Elements the parser replaced for nesting too deeply are reported as skipped here.
    private mutating func elements(of names: [String], in body: [String: JSONValue]) throws(TransactionDecodingError) -> [(String, Int, JSONValue)] {
        var result: [(String, Int, JSONValue)] = []
        var seenArrays: [[JSONValue]] = []
        var seen: Set<JSONValue>?
        for name in names {
            guard let member = body[name], !member.isNull else { continue }
            guard let array = member.arrayValue else { throw .invalidField(name) }
            // Synapse sends identical copies under both names: a cheap whole-array comparison first.
            if seenArrays.contains(array) { continue }
            if !seenArrays.isEmpty {
                seen = Set(seenArrays.joined())
            }
            for (position, element) in array.enumerated() {
                if tooDeep.contains(Position(section: name, index: position)) {
                    skip(name, index: position, reason: "nested deeper than \(JSONValue.defaultMaxDepth) levels")
                    continue
                }
                if let seen, seen.contains(element) { continue }
                result.append((name, position, element))
            }
            seenArrays.append(array)
        }
        return result
    }

    private mutating func deviceLists(in body: [String: JSONValue]) throws(TransactionDecodingError) -> DeviceListChanges? {
        var lists: DeviceListChanges?
        for name in ["device_lists", "org.matrix.msc3202.device_lists"] {
            guard let member = body[name], !member.isNull else { continue }
            guard let object = member.objectValue else { throw .invalidField(name) }
            var merged = lists ?? DeviceListChanges()
            merged.changed = union(merged.changed, users(in: object["changed"], section: "\(name).changed"))
            merged.left = union(merged.left, users(in: object["left"], section: "\(name).left"))
            lists = merged
        }
        return lists
    }

    private mutating func users(in value: JSONValue?, section: String) -> [UserID] {
        guard let value, !value.isNull else { return [] }
        guard let elements = value.arrayValue else {
            skip(section, reason: "expected an array, found \(value.kindDescription)")
            return []
        }
        var users: [UserID] = []
        for (position, element) in elements.enumerated() {
            guard let string = element.stringValue else {
                skip(section, index: position, reason: "expected a user ID string, found \(element.kindDescription)")
                continue
            }
            do {
                users.append(try UserID(validating: string))
            } catch {
                skip(section, index: position, reason: "\(error)")
            }
        }
        return users
    }

    private func union(_ first: [UserID], _ second: [UserID]) -> [UserID] {
        var seen = Set(first)
        return first + second.filter { seen.insert($0).inserted }
    }

    /// Reads user → device → value maps from the members `names`, in order of preference: a user
    /// already read from an earlier member is not read again. Malformed users and devices are skipped.
    private mutating func keyMaps<Value>(
        _ names: [String], in body: [String: JSONValue], expected: String, _ convert: (JSONValue) -> Value?
    ) throws(TransactionDecodingError) -> [UserID: [String: Value]] {
        var result: [UserID: [String: Value]] = [:]
        for name in names {
            guard let member = body[name], !member.isNull else { continue }
            guard let users = member.objectValue else { throw .invalidField(name) }
            for (rawUserID, devices) in users {
                guard let userID = try? UserID(validating: rawUserID) else {
                    skip(name, key: rawUserID, reason: "not a valid user ID")
                    continue
                }
                guard result[userID] == nil else { continue }
                guard let devices = devices.objectValue else {
                    skip(name, key: rawUserID, reason: "expected an object of devices, found \(devices.kindDescription)")
                    continue
                }
                var values: [String: Value] = [:]
                for (deviceID, raw) in devices {
                    guard let value = convert(raw) else {
                        skip(name, key: "\(rawUserID)/\(deviceID)", reason: "expected \(expected), found \(raw.kindDescription)")
                        continue
                    }
                    values[deviceID] = value
                }
                result[userID] = values
            }
        }
        return result
    }
}
