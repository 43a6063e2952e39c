import Foundation

/// Reads one mapping of the config: each key with its default, recording (not throwing) problems
/// when a ``ConfigDecodingContext`` is present so that decoding goes on to the next key.
struct ConfigSectionReader<Key: CodingKey & CaseIterable> {
    let container: KeyedDecodingContainer<Key>
    let context: ConfigDecodingContext?

    init(_ decoder: any Decoder, keys: Key.Type) throws {
        container = try decoder.container(keyedBy: Key.self)
        context = decoder.userInfo[.pontoonConfigDecoding] as? ConfigDecodingContext
        if let context {
            let known = Set(Key.allCases.map(\.stringValue))
            let present = try decoder.container(keyedBy: ConfigCodingKey.self).allKeys
            for key in present where !known.contains(key.stringValue) {
                context.noteUnknownKey(at: decoder.codingPath + [key])
            }
        }
    }

    var defaults: ConfigDefaults { context?.defaults ?? .generic }
    var codingPath: [any CodingKey] { container.codingPath }

    /// The key's value, or `fallback` when it is absent or null (or wrong, when collecting problems).
    func value<T: Decodable>(_ key: Key, default fallback: @autoclosure () -> T) throws -> T {
        do {
            return try container.decodeIfPresent(T.self, forKey: key) ?? fallback()
        } catch let error as DecodingError {
            guard let context else { throw error }
            context.report(error)
            return fallback()
        }
    }

    /// A string key with no sensible default: absent, null or empty is reported as missing.
    func requiredString(_ key: Key) throws -> String {
        let found: String? = try value(key, default: nil)
        if let found, !found.isEmpty { return found }
        try fail([key], "missing; this key is required")
        return ""
    }

    /// A section with no sensible default: absent or null is reported as missing.
    func requiredSection<T: Decodable>(_ key: Key, placeholder: T) throws -> T {
        let absent = (try? container.decodeNil(forKey: key)) ?? true
        if absent {
            try fail([key], "missing; this section is required")
            return placeholder
        }
        return try value(key, default: placeholder)
    }

    /// An `http`/`https` URL with a host; reported and replaced by `placeholder` otherwise.
    func httpURL(_ key: Key, placeholder: URL) throws -> URL {
        let string = try requiredString(key)
        guard !string.isEmpty else { return placeholder }
        if let url = Self.parseHTTPURL(string) { return url }
        try fail([key], "must be an http:// or https:// URL with a host, like http://localhost:8008")
        return placeholder
    }

    /// One of `choices` (matched case-insensitively), e.g. a log level.
    func choice<T>(_ key: Key, _ choices: [(name: String, value: T)], default fallback: T) throws -> T {
        guard let name: String = try value(key, default: nil) else { return fallback }
        return try choose(name, choices, at: [key]) ?? fallback
    }

    /// A `name: choice` mapping whose every value is one of `choices`; wrong entries are reported and left out.
    func choiceMap<T>(_ key: Key, _ choices: [(name: String, value: T)], default fallback: [String: T]) throws -> [String: T] {
        guard let names: [String: String] = try value(key, default: nil) else { return fallback }
        var result: [String: T] = [:]
        for (name, choiceName) in names {
            if let chosen = try choose(choiceName, choices, at: [key, ConfigCodingKey(name)]) {
                result[name] = chosen
            }
        }
        return result
    }

    /// Reports a problem at `relativePath` below this section, or throws it when not collecting.
    func fail(_ relativePath: [any CodingKey], _ message: String) throws {
        let path = codingPath + relativePath
        guard let context else {
            throw DecodingError.dataCorrupted(.init(codingPath: path, debugDescription: message))
        }
        context.report(at: path, message)
    }

    static func parseHTTPURL(_ string: String) -> URL? {
        guard let url = URL(string: string), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = url.host, !host.isEmpty
        else { return nil }
        return url
    }

    private func choose<T>(_ name: String, _ choices: [(name: String, value: T)], at path: [any CodingKey]) throws -> T? {
        if let chosen = choices.first(where: { $0.name == name.lowercased() }) { return chosen.value }
        try fail(path, "must be one of " + choices.map(\.name).joined(separator: ", "))
        return nil
    }
}
