import Foundation

extension JSONValue {
    /// How deeply arrays and objects may nest before parsing refuses the input.
    ///
    /// Recursion over a `JSONValue` (parsing, hashing, freeing) uses stack in proportion to its depth,
    /// so hostile input such as ten thousand nested arrays must be stopped before it is built.
    public static let defaultMaxDepth = 512

    /// Parses UTF-8 JSON bytes (RFC 8259) into a value.
    ///
    /// Strict about the grammar: no comments, trailing commas, leading zeros, raw control characters in
    /// strings or invalid UTF-8. A lone UTF-16 surrogate escape (`"\ud800"`, which Python's `json` emits)
    /// becomes U+FFFD. Duplicate object keys: the last one wins. Numbers without fraction or exponent that
    /// fit in `Int64` become ``JSONValue/int(_:)``; all others ``JSONValue/double(_:)``.
    public init(parsing bytes: some Collection<UInt8>, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        let result = JSONParser.withBuffer(bytes) { buffer in
            var parser = JSONParser(buffer, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) in try parser.parseDocument() }
        }
        self = try result.get()
    }

    /// Parses a JSON text.
    public init(parsing text: String, maxDepth: Int = JSONValue.defaultMaxDepth) throws(JSONParseError) {
        try self.init(parsing: text.utf8, maxDepth: maxDepth)
    }
}

/// A recursive-descent JSON parser over a contiguous byte buffer.
///
/// Hand-written rather than `JSONDecoder` + `JSONValue: Decodable` because the latter tries every
/// scalar type in turn for each value (a thrown error per miss), which is several times slower on
/// the transaction hot path.
struct JSONParser {
    /// An array element that nested too deep and was replaced by `null` (see ``recoveringArrayElementsAtLevel``).
    struct ReplacedElement: Sendable, Hashable {
        /// The member of the top-level object that holds the array.
        let memberKey: String?
        /// The element's position in that array.
        let index: Int
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var index = 0
    private let maxDepth: Int
    private var scratch: [UInt8] = []
    private var topLevelKey: String?
    /// When set, an element of an array at this nesting level that exceeds the depth limit is skipped
    /// and replaced by `null` instead of failing the whole document, so one hostile event cannot
    /// block a transaction. Level 2 = arrays that are members of the top-level object.
    var recoveringArrayElementsAtLevel: Int?
    /// The elements skipped under ``recoveringArrayElementsAtLevel``.
    private(set) var replacedElements: [ReplacedElement] = []

    init(_ bytes: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.bytes = bytes
        self.maxDepth = maxDepth
    }

    /// Runs `body` over the bytes as one contiguous buffer, copying only when the collection is not contiguous.
    static func withBuffer<C: Collection<UInt8>, R>(_ collection: C, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let result = collection.withContiguousStorageIfAvailable(body) { return result }
        return Array(collection).withUnsafeBufferPointer(body)
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        let value = try parseValue(level: 0)
        skipWhitespace()
        guard index == bytes.count else { throw error(.trailingContent) }
        return value
    }

    // MARK: - Values

    /// `level` = how many arrays/objects enclose the value.
    private mutating func parseValue(level: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        switch bytes[index] {
        case UInt8(ascii: "{"): return try parseObject(level: level + 1)
        case UInt8(ascii: "["): return try parseArray(level: level + 1)
        case UInt8(ascii: "\""): return .string(try parseString())
        case UInt8(ascii: "t"): try expectLiteral("true"); return .bool(true)
        case UInt8(ascii: "f"): try expectLiteral("false"); return .bool(false)
        case UInt8(ascii: "n"): try expectLiteral("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try parseNumber()
        case let byte: throw error(.unexpectedByte(byte))
        }
    }

    private mutating func parseObject(level: Int) throws(JSONParseError) -> JSONValue {
        guard level <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
        index += 1  // {
        var object: [String: JSONValue] = [:]
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return .object(object)
        }
        while true {
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            guard bytes[index] == UInt8(ascii: "\"") else { throw error(.unexpectedByte(bytes[index])) }
            let key = try parseString()
            skipWhitespace()
            try expect(UInt8(ascii: ":"))
            if level == 1 { topLevelKey = key }
            object[key] = try parseValue(level: level)
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "}") { return .object(object) }
            throw JSONParseError(reason: .unexpectedByte(byte), offset: index - 1)
        }
    }

    private mutating func parseArray(level: Int) throws(JSONParseError) -> JSONValue {
        guard level <= maxDepth else { throw error(.tooDeep(limit: maxDepth)) }
        index += 1  // [
        var array: [JSONValue] = []
        skipWhitespace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return .array(array)
        }
        // Only arrays that are members of a top-level object (which is what sets topLevelKey).
        let recovering = recoveringArrayElementsAtLevel == level && topLevelKey != nil
        while true {
            if recovering {
                array.append(try parseRecoverableElement(level: level, position: array.count))
            } else {
                array.append(try parseValue(level: level))
            }
            skipWhitespace()
            guard index < bytes.count else { throw error(.unexpectedEnd) }
            let byte = bytes[index]
            index += 1
            if byte == UInt8(ascii: ",") { continue }
            if byte == UInt8(ascii: "]") { return .array(array) }
            throw JSONParseError(reason: .unexpectedByte(byte), offset: index - 1)
        }
    }

    private mutating func parseRecoverableElement(level: Int, position: Int) throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        let start = index
        do {
            return try parseValue(level: level)
        } catch {
            guard case .tooDeep = error.reason else { throw error }
            index = start
            try skipNestedValue()
            replacedElements.append(ReplacedElement(memberKey: topLevelKey, index: position))
            return .null
        }
    }

    /// Skips one array or object without recursion (matching brackets, stepping over strings).
    /// Its content is not validated: it is thrown away.
    private mutating func skipNestedValue() throws(JSONParseError) {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            index += 1
            switch byte {
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                depth += 1
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                depth -= 1
                if depth == 0 { return }
            case UInt8(ascii: "\""):
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    index += bytes[index] == UInt8(ascii: "\\") ? 2 : 1
                }
                index += 1
            default:
                break
            }
        }
        throw error(.unexpectedEnd)
    }

    // MARK: - Strings

    private mutating func parseString() throws(JSONParseError) -> String {
        index += 1  // opening quote
        let start = index
        var seen: UInt8 = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                let string = try makeString(UnsafeBufferPointer(rebasing: bytes[start..<index]), isASCII: seen < 0x80, at: start)
                index += 1
                return string
            }
            if byte == UInt8(ascii: "\\") { return try parseEscapedString(from: start) }
            if byte < 0x20 { throw error(.controlCharacterInString) }
            seen |= byte
            index += 1
        }
        throw error(.unexpectedEnd)
    }

    private func makeString(_ utf8: UnsafeBufferPointer<UInt8>, isASCII: Bool, at offset: Int) throws(JSONParseError) -> String {
        if isASCII { return String(decoding: utf8, as: UTF8.self) }
        guard let string = String(validating: utf8, as: UTF8.self) else {
            throw JSONParseError(reason: .invalidUTF8, offset: offset)
        }
        return string
    }

    /// The slow path, once a backslash was seen: decode into `scratch`.
    private mutating func parseEscapedString(from start: Int) throws(JSONParseError) -> String {
        scratch.removeAll(keepingCapacity: true)
        scratch.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[start..<index]))
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                let string = scratch.withUnsafeBufferPointer { String(validating: $0, as: UTF8.self) }
                guard let string else { throw JSONParseError(reason: .invalidUTF8, offset: start) }
                return string
            case UInt8(ascii: "\\"):
                try parseEscape()
            case 0..<0x20:
                throw error(.controlCharacterInString)
            default:
                scratch.append(byte)
                index += 1
            }
        }
        throw error(.unexpectedEnd)
    }

    private mutating func parseEscape() throws(JSONParseError) {
        index += 1  // backslash
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        let byte = bytes[index]
        index += 1
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): scratch.append(byte)
        case UInt8(ascii: "b"): scratch.append(0x08)
        case UInt8(ascii: "f"): scratch.append(0x0C)
        case UInt8(ascii: "n"): scratch.append(0x0A)
        case UInt8(ascii: "r"): scratch.append(0x0D)
        case UInt8(ascii: "t"): scratch.append(0x09)
        case UInt8(ascii: "u"): appendScalar(try parseUnicodeEscape())
        default: throw JSONParseError(reason: .invalidEscape, offset: index - 2)
        }
    }

    /// Reads the hex digits after `\u`, joining a surrogate pair written as two escapes.
    private mutating func parseUnicodeEscape() throws(JSONParseError) -> Unicode.Scalar {
        let unit = try parseHex4()
        switch unit {
        case 0xD800...0xDBFF:
            if index + 1 < bytes.count, bytes[index] == UInt8(ascii: "\\"), bytes[index + 1] == UInt8(ascii: "u") {
                let resume = index
                index += 2
                let low = try parseHex4()
                if (0xDC00...0xDFFF).contains(low) {
                    let value = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                    return Unicode.Scalar(value) ?? "\u{FFFD}"
                }
                index = resume  // not a pair: the second escape stands on its own
            }
            return "\u{FFFD}"
        case 0xDC00...0xDFFF:
            return "\u{FFFD}"
        default:
            return Unicode.Scalar(unit) ?? "\u{FFFD}"
        }
    }

    private mutating func parseHex4() throws(JSONParseError) -> UInt16 {
        guard index + 4 <= bytes.count else { throw error(.unexpectedEnd) }
        var value: UInt16 = 0
        for _ in 0..<4 {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error(.invalidEscape)
            }
            value = value << 4 | UInt16(digit)
            index += 1
        }
        return value
    }

    private mutating func appendScalar(_ scalar: Unicode.Scalar) {
        let value = scalar.value
        switch value {
        case 0..<0x80:
            scratch.append(UInt8(value))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | value >> 6))
            scratch.append(UInt8(0x80 | value & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | value >> 12))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | value >> 18))
            scratch.append(UInt8(0x80 | value >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | value >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | value & 0x3F))
        }
    }

    // MARK: - Numbers and literals

    private mutating func parseNumber() throws(JSONParseError) -> JSONValue {
        let start = index
        let negative = bytes[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < bytes.count, isDigit(bytes[index]) else { throw JSONParseError(reason: .invalidNumber, offset: start) }
        if bytes[index] == UInt8(ascii: "0") {
            index += 1
            if index < bytes.count, isDigit(bytes[index]) { throw JSONParseError(reason: .invalidNumber, offset: start) }
        } else {
            skipDigits()
        }
        let integerEnd = index
        var isInteger = true
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            isInteger = false
            index += 1
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONParseError(reason: .invalidNumber, offset: start) }
            skipDigits()
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            isInteger = false
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
            guard index < bytes.count, isDigit(bytes[index]) else { throw JSONParseError(reason: .invalidNumber, offset: start) }
            skipDigits()
        }
        if isInteger, let value = integerValue(from: negative ? start + 1 : start, to: integerEnd, negative: negative) {
            return .int(value)
        }
        let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw JSONParseError(reason: .invalidNumber, offset: start) }
        return .double(value)
    }

    /// The digits as `Int64`, or `nil` on overflow (the caller then falls back to `Double`).
    private func integerValue(from start: Int, to end: Int, negative: Bool) -> Int64? {
        // Accumulate negatively so that Int64.min is representable.
        var value: Int64 = 0
        for position in start..<end {
            let digit = Int64(bytes[position] - UInt8(ascii: "0"))
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) = times10.subtractingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        if negative { return value }
        return value == .min ? nil : -value
    }

    private func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }

    private mutating func skipDigits() {
        while index < bytes.count, isDigit(bytes[index]) { index += 1 }
    }

    private mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let count = literal.utf8CodeUnitCount
        guard index + count <= bytes.count else { throw error(.unexpectedEnd) }
        let expected = UnsafeBufferPointer(start: literal.utf8Start, count: count)
        for offset in 0..<count where bytes[index + offset] != expected[offset] {
            throw JSONParseError(reason: .unexpectedByte(bytes[index + offset]), offset: index + offset)
        }
        index += count
    }

    private mutating func expect(_ byte: UInt8) throws(JSONParseError) {
        guard index < bytes.count else { throw error(.unexpectedEnd) }
        guard bytes[index] == byte else { throw error(.unexpectedByte(bytes[index])) }
        index += 1
    }

    private mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    private func error(_ reason: JSONParseError.Reason) -> JSONParseError {
        JSONParseError(reason: reason, offset: index)
    }
}
