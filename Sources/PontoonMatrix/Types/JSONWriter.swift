import Foundation

extension JSONValue {
    /// Compact UTF-8 JSON: no whitespace, non-ASCII written raw, minimal escaping (as in canonical JSON).
    ///
    /// Never fails. Doubles are written so that they parse back as doubles (`1.0`, `1e+20`); infinity
    /// is written as `1e999` (which parses back as infinity) and NaN as `null`, since JSON has neither.
    /// - Parameter sortedKeys: sort object keys by code point, for byte-stable output (costs a sort per object).
    public func jsonBytes(sortedKeys: Bool = false) -> [UInt8] {
        var writer = JSONWriter()
        writer.writeCompact(self, sortedKeys: sortedKeys)
        return writer.bytes
    }

    /// ``jsonBytes(sortedKeys:)`` as `Data`.
    public func jsonData(sortedKeys: Bool = false) -> Data {
        Data(jsonBytes(sortedKeys: sortedKeys))
    }

    /// ``jsonBytes(sortedKeys:)`` as a `String`.
    public func jsonString(sortedKeys: Bool = false) -> String {
        String(decoding: jsonBytes(sortedKeys: sortedKeys), as: UTF8.self)
    }
}

/// Serialises `JSONValue` into UTF-8 bytes; shared by the compact and the canonical encodings.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    /// The largest integer canonical JSON allows (2^53 - 1); the smallest is its negation.
    static let maxSafeInteger: Int64 = 9_007_199_254_740_991

    init() {
        bytes.reserveCapacity(256)
    }

    mutating func writeCompact(_ value: JSONValue, sortedKeys: Bool) {
        switch value {
        case .null: appendASCII("null")
        case .bool(let flag): appendASCII(flag ? "true" : "false")
        case .int(let number): writeInteger(number)
        case .double(let number): writeDouble(number)
        case .string(let string): writeString(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                writeCompact(element, sortedKeys: sortedKeys)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            if sortedKeys {
                for (position, key) in Self.sortedKeys(members).enumerated() {
                    if position > 0 { bytes.append(UInt8(ascii: ",")) }
                    writeString(key)
                    bytes.append(UInt8(ascii: ":"))
                    if let member = members[key] { writeCompact(member, sortedKeys: true) }
                }
            } else {
                var first = true
                for (key, member) in members {
                    if !first { bytes.append(UInt8(ascii: ",")) }
                    first = false
                    writeString(key)
                    bytes.append(UInt8(ascii: ":"))
                    writeCompact(member, sortedKeys: false)
                }
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Canonical JSON (Matrix spec, appendices): sorted keys, integers only, within ±(2^53 - 1).
    mutating func writeCanonical(_ value: JSONValue, path: String, depth: Int) throws(CanonicalJSONError) {
        guard depth <= JSONValue.defaultMaxDepth else { throw .tooDeep(path: path) }
        switch value {
        case .null: appendASCII("null")
        case .bool(let flag): appendASCII(flag ? "true" : "false")
        case .int(let number):
            guard number >= -Self.maxSafeInteger, number <= Self.maxSafeInteger else { throw .integerOutOfRange(path: path) }
            writeInteger(number)
        case .double(let number):
            // A whole-valued double is written as the integer it is (the spec's `1e10` example);
            // anything else has no canonical form.
            guard number.isFinite, number.rounded(.towardZero) == number else { throw .notAnInteger(path: path) }
            guard abs(number) <= Double(Self.maxSafeInteger) else { throw .integerOutOfRange(path: path) }
            writeInteger(Int64(number))  // -0.0 becomes 0, as required
        case .string(let string): writeString(string)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (position, element) in elements.enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                try writeCanonical(element, path: "\(path)[\(position)]", depth: depth + 1)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            for (position, key) in Self.sortedKeys(members).enumerated() {
                if position > 0 { bytes.append(UInt8(ascii: ",")) }
                writeString(key)
                bytes.append(UInt8(ascii: ":"))
                if let member = members[key] {
                    try writeCanonical(member, path: path.isEmpty ? key : "\(path).\(key)", depth: depth + 1)
                }
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// Keys in Unicode code point order, which is the order of their UTF-8 bytes.
    /// (Not Swift's `String <`, which compares canonically-equivalent forms, nor UTF-16 order,
    /// which puts U+E000…U+FFFF after supplementary-plane characters.)
    static func sortedKeys(_ members: [String: JSONValue]) -> [String] {
        members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    // MARK: - Scalars

    private mutating func appendASCII(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func writeInteger(_ number: Int64) {
        if number == 0 {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        if number < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = number.magnitude
        var digits: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes of scratch, enough for 20 digits
        var count = 0
        withUnsafeMutableBytes(of: &digits) { scratch in
            while magnitude > 0 {
                scratch[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            }
            for position in stride(from: count - 1, through: 0, by: -1) { bytes.append(scratch[position]) }
        }
    }

    private mutating func writeDouble(_ number: Double) {
        if number.isNaN {
            appendASCII("null")
        } else if number.isInfinite {
            appendASCII(number < 0 ? "-1e999" : "1e999")
        } else {
            // Swift's description is the shortest text that round-trips, and always has a "." or an
            // exponent, so it parses back as a double.
            bytes.append(contentsOf: number.description.utf8)
        }
    }

    /// Minimal escaping: only `"`, `\` and control characters below U+0020, using the short forms
    /// where they exist and lowercase `\u00xx` otherwise. Everything else is written as raw UTF-8.
    mutating func writeString(_ string: String) {
        bytes.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { utf8 in
            var runStart = 0
            for position in 0..<utf8.count {
                let byte = utf8[position]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<position]))
                appendEscape(byte)
                runStart = position + 1
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Lowercase, as the canonical JSON grammar requires.
    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10
    }

    private mutating func appendEscape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), Self.hexDigit(byte >> 4), Self.hexDigit(byte & 0xF)])
        }
    }
}
