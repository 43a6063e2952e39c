import Foundation

/// Why a string is not a valid Matrix identifier.
public struct InvalidIdentifier: Error, Sendable, Hashable, CustomStringConvertible {
    /// The kind of identifier that was expected (`user ID`, `room ID`, …).
    public let kind: String
    /// The rejected input.
    public let input: String
    /// What is wrong with it.
    public let reason: String

    public init(kind: String, input: String, reason: String) {
        self.kind = kind
        self.input = input
        self.reason = reason
    }

    public var description: String { "invalid \(kind) \"\(input.prefix(80))\": \(reason)" }
}

/// Shared behaviour of every sigil-prefixed Matrix identifier.
public protocol MatrixIdentifier: RawRepresentable, Codable, Hashable, Sendable, CustomStringConvertible,
    Comparable, ExpressibleByStringLiteral
where RawValue == String {
    /// Parses and validates `string`, throwing ``InvalidIdentifier`` when it is not valid.
    init(validating string: String) throws
}

extension MatrixIdentifier {
    public init?(rawValue: String) { try? self.init(validating: rawValue) }
    public var description: String { rawValue }
    public static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Literals are for tests and constants: an invalid literal is a programming error.
    public init(stringLiteral value: String) {
        do { try self.init(validating: value) } catch { preconditionFailure("\(error)") }
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let string = try container.decode(String.self)
        do {
            try self.init(validating: string)
        } catch {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "\(error)")
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
}

/// Splits `sigil localpart ":" server` and checks the common rules (255 bytes, a server name).
enum IdentifierGrammar {
    static let maxLength = 255

    static func split(_ string: String, sigil: Character, kind: String) throws -> (local: Substring, server: Substring) {
        func fail(_ reason: String) -> InvalidIdentifier { InvalidIdentifier(kind: kind, input: string, reason: reason) }
        guard string.first == sigil else { throw fail("must start with \"\(sigil)\"") }
        guard string.utf8.count <= maxLength else { throw fail("longer than \(maxLength) bytes") }
        guard let colon = string.firstIndex(of: ":") else { throw fail("missing \":server\"") }
        let local = string[string.index(after: string.startIndex)..<colon]
        let server = string[string.index(after: colon)...]
        guard isValidServerName(server) else { throw fail("invalid server name") }
        return (local, server)
    }

    /// `hostname [":" port]`, where hostname is a DNS name, an IPv4 address or a bracketed IPv6 literal.
    /// Checked on UTF-8 bytes: this runs for every ID of every event, so it must be cheap.
    static func isValidServerName(_ name: Substring) -> Bool {
        let bytes = name.utf8
        guard let first = bytes.first else { return false }
        var hostEnd = bytes.endIndex
        if first == UInt8(ascii: "[") {
            guard let close = bytes.firstIndex(of: UInt8(ascii: "]")) else { return false }
            let inner = bytes[bytes.index(after: bytes.startIndex)..<close]
            guard !inner.isEmpty, inner.allSatisfy({ isHexDigit($0) || $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: ".") }) else {
                return false
            }
            let rest = bytes[bytes.index(after: close)...]
            return rest.isEmpty || isValidPort(rest)
        }
        if let colon = bytes.lastIndex(of: UInt8(ascii: ":")) {
            guard isValidPort(bytes[colon...]) else { return false }
            hostEnd = colon
        }
        let host = bytes[bytes.startIndex..<hostEnd]
        return !host.isEmpty && host.count <= 255
            && host.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }
    }

    private static func isValidPort(_ withColon: Substring.UTF8View.SubSequence) -> Bool {
        let digits = withColon.dropFirst()
        return withColon.first == UInt8(ascii: ":") && !digits.isEmpty && digits.count <= 5
            && digits.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z")) || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z"))
            || (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")) || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
            || (byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "F"))
    }

    /// Characters the spec allows in a user localpart (historical ones are accepted on input).
    static func isHistoricalUserLocalpart(_ local: Substring) -> Bool {
        !local.isEmpty && local.utf8.allSatisfy { $0 >= 0x21 && $0 <= 0x7E && $0 != UInt8(ascii: ":") }
    }

    /// The strict grammar for localparts the bridge creates: `a-z 0-9 . _ = - /` and `+`.
    static func isStrictUserLocalpart(_ local: Substring) -> Bool {
        !local.isEmpty && local.utf8.allSatisfy {
            ($0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z")) || ($0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9"))
                || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "=") || $0 == UInt8(ascii: "-")
                || $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "+")
        }
    }

    /// No C0 controls and no DEL (multi-byte UTF-8 is allowed).
    static func hasNoControlCharacters(_ s: Substring) -> Bool {
        s.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F }
    }
}

/// A Matrix user ID, `@localpart:server`.
public struct UserID: MatrixIdentifier {
    public let rawValue: String

    public init(validating string: String) throws {
        let (local, _) = try IdentifierGrammar.split(string, sigil: "@", kind: "user ID")
        guard IdentifierGrammar.isHistoricalUserLocalpart(local) else {
            throw InvalidIdentifier(kind: "user ID", input: string, reason: "invalid characters in localpart")
        }
        rawValue = string
    }

    /// Builds `@localpart:server`, validating the result.
    public init(localpart: String, server: String) throws {
        try self.init(validating: "@\(localpart):\(server)")
    }

    /// The part between `@` and the first `:`.
    public var localpart: String { String(rawValue.dropFirst().prefix { $0 != ":" }) }
    /// The server name after the first `:`.
    public var server: String { String(rawValue[rawValue.index(after: rawValue.firstIndex(of: ":")!)...]) }
    /// Whether the localpart follows the strict modern grammar (what a bridge may register).
    public var hasStrictLocalpart: Bool { IdentifierGrammar.isStrictUserLocalpart(Substring(localpart)) }
}

/// A room ID: `!opaque:server`, or `!opaque` on room version 12 and later, which has no server part.
public struct RoomID: MatrixIdentifier {
    public let rawValue: String

    public init(validating string: String) throws {
        func fail(_ reason: String) -> InvalidIdentifier { InvalidIdentifier(kind: "room ID", input: string, reason: reason) }
        guard string.first == "!" else { throw fail("must start with \"!\"") }
        guard string.utf8.count <= IdentifierGrammar.maxLength else { throw fail("longer than 255 bytes") }
        if string.contains(":") {
            let (local, _) = try IdentifierGrammar.split(string, sigil: "!", kind: "room ID")
            guard !local.isEmpty, IdentifierGrammar.hasNoControlCharacters(local) else { throw fail("empty or invalid opaque part") }
        } else {
            let opaque = string.dropFirst()
            guard !opaque.isEmpty, opaque.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F })
            else { throw fail("empty or invalid opaque part") }
        }
        rawValue = string
    }

    /// The server part, or `nil` for room version 12+ IDs, which carry none.
    public var server: String? {
        guard let colon = rawValue.firstIndex(of: ":") else { return nil }
        return String(rawValue[rawValue.index(after: colon)...])
    }
}

/// An event ID: `$opaque` (room versions 3+) or `$opaque:server` (versions 1 and 2).
public struct EventID: MatrixIdentifier {
    public let rawValue: String

    public init(validating string: String) throws {
        func fail(_ reason: String) -> InvalidIdentifier { InvalidIdentifier(kind: "event ID", input: string, reason: reason) }
        guard string.first == "$" else { throw fail("must start with \"$\"") }
        guard string.utf8.count <= IdentifierGrammar.maxLength else { throw fail("longer than 255 bytes") }
        let opaque = string.dropFirst()
        guard !opaque.isEmpty, IdentifierGrammar.hasNoControlCharacters(opaque), !opaque.utf8.contains(UInt8(ascii: " "))
        else { throw fail("empty or invalid opaque part") }
        rawValue = string
    }
}

/// A room alias, `#localpart:server`.
public struct RoomAlias: MatrixIdentifier {
    public let rawValue: String

    public init(validating string: String) throws {
        let (local, _) = try IdentifierGrammar.split(string, sigil: "#", kind: "room alias")
        guard !local.isEmpty, IdentifierGrammar.hasNoControlCharacters(local) else {
            throw InvalidIdentifier(kind: "room alias", input: string, reason: "empty or invalid localpart")
        }
        rawValue = string
    }

    /// The part between `#` and the first `:` (may itself contain `#`, as in `#irc_#chan:server`).
    public var localpart: String { String(rawValue.dropFirst().prefix { $0 != ":" }) }
    /// The server name after the first `:`.
    public var server: String { String(rawValue[rawValue.index(after: rawValue.firstIndex(of: ":")!)...]) }
}

/// A media URI, `mxc://server/mediaId`.
public struct MXCURI: MatrixIdentifier {
    public let rawValue: String

    public init(validating string: String) throws {
        func fail(_ reason: String) -> InvalidIdentifier { InvalidIdentifier(kind: "mxc URI", input: string, reason: reason) }
        guard string.hasPrefix("mxc://") else { throw fail("must start with \"mxc://\"") }
        let rest = string.dropFirst("mxc://".count)
        guard let slash = rest.firstIndex(of: "/") else { throw fail("missing media ID") }
        let server = rest[..<slash]
        let media = rest[rest.index(after: slash)...]
        guard IdentifierGrammar.isValidServerName(server) else { throw fail("invalid server name") }
        guard !media.isEmpty, media.utf8.allSatisfy({
            IdentifierGrammar.isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_")
        }) else { throw fail("media ID must be [A-Za-z0-9_-]+") }
        rawValue = string
    }

    /// The server that holds the media.
    public var server: String { String(rawValue.dropFirst("mxc://".count).prefix { $0 != "/" }) }
    /// The media ID on that server.
    public var mediaID: String { String(rawValue.dropFirst("mxc://".count).drop { $0 != "/" }.dropFirst()) }
}
