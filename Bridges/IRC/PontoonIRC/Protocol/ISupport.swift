/// What the server told us about itself in RPL_ISUPPORT (005).
public struct ISupport: Sendable {
    /// A channel membership prefix (`@` for mode `o`).
    public struct PrefixMode: Sendable, Hashable {
        public var mode: Character
        public var prefix: Character
    }

    /// CHANMODES=A,B,C,D: which channel modes take a parameter.
    public struct ChannelModes: Sendable, Hashable {
        /// Type A: lists (`b`, `e`, `I`), always with a parameter.
        public var list: String = "beI"
        /// Type B: always with a parameter (`k`).
        public var alwaysParameter: String = "k"
        /// Type C: a parameter only when set (`l`).
        public var parameterWhenSet: String = "l"
        /// Type D: never a parameter.
        public var noParameter: String = "imnpst"
    }

    public var nickLength = 9
    public var caseMapping = CaseMapping.rfc1459
    public var prefixes = [PrefixMode(mode: "o", prefix: "@"), PrefixMode(mode: "v", prefix: "+")]
    public var channelTypes: Set<Character> = ["#", "&"]
    public var channelModes = ChannelModes()
    public var topicLength: Int?
    public var lineLength = 512
    public var networkName: String?
    public var utf8Only = false
    /// Every token as given (value "" for flags), for anything else.
    public var raw: [String: String] = [:]

    public init() {}

    /// Applies one 005 line's tokens (its parameters without our nick and the final text).
    public mutating func apply(_ tokens: [String]) {
        for token in tokens.prefix(64) {
            if token.hasPrefix("-") {
                remove(String(token.dropFirst()))
                continue
            }
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(parts[0]).uppercased()
            let value = parts.count > 1 ? Self.unescape(parts[1]) : ""
            guard !key.isEmpty else { continue }
            raw[key] = value
            set(key, value)
        }
    }

    private mutating func set(_ key: String, _ value: String) {
        switch key {
        case "NICKLEN", "MAXNICKLEN":
            if let length = Int(value), (1...512).contains(length) { nickLength = length }
        case "CASEMAPPING":
            if let mapping = CaseMapping(rawValue: value.lowercased()) { caseMapping = mapping }
        case "PREFIX":
            // (ov)@+
            guard value.first == "(", let close = value.firstIndex(of: ")") else { return }
            let modes = Array(value[value.index(after: value.startIndex)..<close])
            let symbols = Array(value[value.index(after: close)...])
            guard modes.count == symbols.count, !modes.isEmpty else { return }
            prefixes = zip(modes, symbols).map { PrefixMode(mode: $0, prefix: $1) }
        case "CHANTYPES":
            let types = Set(value)
            if !types.isEmpty, types.count <= 8 { channelTypes = types }
        case "CHANMODES":
            let groups = value.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard groups.count >= 4 else { return }
            channelModes = ChannelModes(list: groups[0], alwaysParameter: groups[1], parameterWhenSet: groups[2], noParameter: groups[3])
        case "TOPICLEN":
            topicLength = Int(value).flatMap { $0 > 0 ? $0 : nil }
        case "LINELEN":
            if let length = Int(value), (512...65536).contains(length) { lineLength = length }
        case "NETWORK":
            networkName = value.isEmpty ? nil : value
        case "UTF8ONLY":
            utf8Only = true
        default:
            break
        }
    }

    private mutating func remove(_ key: String) {
        let key = key.uppercased()
        raw[key] = nil
        let defaults = ISupport()
        switch key {
        case "NICKLEN", "MAXNICKLEN": nickLength = defaults.nickLength
        case "CASEMAPPING": caseMapping = defaults.caseMapping
        case "PREFIX": prefixes = defaults.prefixes
        case "CHANTYPES": channelTypes = defaults.channelTypes
        case "CHANMODES": channelModes = defaults.channelModes
        case "TOPICLEN": topicLength = nil
        case "LINELEN": lineLength = defaults.lineLength
        case "NETWORK": networkName = nil
        case "UTF8ONLY": utf8Only = false
        default: break
        }
    }

    /// `\x20` style escapes in values.
    private static func unescape(_ value: Substring) -> String {
        guard value.contains("\\x") else { return String(value) }
        var bytes: [UInt8] = []
        let utf8 = Array(value.utf8)
        var index = 0
        while index < utf8.count {
            if utf8[index] == UInt8(ascii: "\\"), index + 4 <= utf8.count, utf8[index + 1] == UInt8(ascii: "x"),
               let byte = UInt8(String(decoding: utf8[(index + 2)..<(index + 4)], as: UTF8.self), radix: 16) {
                bytes.append(byte)
                index += 4
            } else {
                bytes.append(utf8[index])
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    public func isChannel(_ target: String) -> Bool {
        guard let first = target.first else { return false }
        return channelTypes.contains(first) && target.count > 1
    }

    public func mode(forPrefix prefix: Character) -> Character? {
        prefixes.first { $0.prefix == prefix }?.mode
    }

    public func prefix(forMode mode: Character) -> Character? {
        prefixes.first { $0.mode == mode }?.prefix
    }
}
