import PontoonMatrix

/// Maps remote user IDs to ghost Matrix IDs through `appservice.username_template`, and back.
///
/// Remote IDs are escaped with the Matrix spec's recommended mapping from other character sets:
/// `a-z 0-9 . - /` stay, `_` becomes `__`, an uppercase letter `X` becomes `_x`, and every other
/// byte of the UTF-8 form becomes `=xx` (lowercase hex). The mapping is reversible, so an
/// incoming event from `@echo_=40alice:server` is known to be the ghost of `@alice`.
public struct GhostIDMapping: Sendable {
    public let server: String
    let prefix: String
    let suffix: String

    /// - Parameter template: the localpart template with one `{{.}}`, e.g. `irc_{{.}}`.
    public init(template: String, server: String) throws {
        let parts = template.components(separatedBy: "{{.}}")
        guard parts.count == 2 else {
            throw InvalidIdentifier(kind: "username template", input: template, reason: "must contain {{.}} exactly once")
        }
        self.prefix = parts[0]
        self.suffix = parts[1]
        self.server = server
    }

    /// The ghost of `remote`.
    public func userID(for remote: RemoteUserID) throws -> UserID {
        guard !remote.rawValue.isEmpty else {
            throw InvalidIdentifier(kind: "remote user ID", input: "", reason: "empty")
        }
        return try UserID(localpart: prefix + Self.escape(remote.rawValue) + suffix, server: server)
    }

    /// The remote user a ghost stands for, or `nil` when `user` is not one of this bridge's ghosts.
    public func remoteUserID(for user: UserID) -> RemoteUserID? {
        guard user.server == server else { return nil }
        let localpart = user.localpart
        guard localpart.hasPrefix(prefix), localpart.hasSuffix(suffix), localpart.count > prefix.count + suffix.count else {
            return nil
        }
        let escaped = localpart.dropFirst(prefix.count).dropLast(suffix.count)
        return Self.unescape(String(escaped)).map(RemoteUserID.init)
    }

    /// Escapes any string into characters allowed in a user localpart.
    public static func escape(_ string: String) -> String {
        var result = ""
        result.reserveCapacity(string.utf8.count)
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            case UInt8(ascii: "_"):
                result += "__"
            case UInt8(ascii: "A")...UInt8(ascii: "Z"):
                result += "_" + String(Unicode.Scalar(byte + 32))
            default:
                result += "=" + hex(byte)
            }
        }
        return result
    }

    /// Reverses ``escape(_:)``; `nil` for text that no escaping produces (so foreign IDs never match).
    public static func unescape(_ escaped: String) -> String? {
        var bytes: [UInt8] = []
        var iterator = Array(escaped.utf8).makeIterator()
        while let byte = iterator.next() {
            switch byte {
            case UInt8(ascii: "_"):
                guard let next = iterator.next() else { return nil }
                if next == UInt8(ascii: "_") {
                    bytes.append(next)
                } else if next >= UInt8(ascii: "a") && next <= UInt8(ascii: "z") {
                    bytes.append(next - 32)
                } else {
                    return nil
                }
            case UInt8(ascii: "="):
                guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
                bytes.append(high << 4 | low)
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "-"), UInt8(ascii: "/"):
                bytes.append(byte)
            default:
                return nil
            }
        }
        return String(validating: bytes, as: UTF8.self)
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789abcdef".unicodeScalars)
        return String(digits[Int(byte >> 4)]) + String(digits[Int(byte & 0x0F)])
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        default: return nil
        }
    }
}
