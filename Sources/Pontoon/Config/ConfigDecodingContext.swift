import Foundation

/// Collects every problem met while decoding, so one run reports all of them instead of the first.
///
/// Passed to `BridgeConfig.init(from:)` through `Decoder.userInfo`; without it (decoding a
/// `BridgeConfig` from JSON, say) decoding throws at the first error as usual. Lives for one
/// synchronous decode on one thread, which is why it can be a plain class.
final class ConfigDecodingContext {
    let defaults: ConfigDefaults
    private(set) var problems: [ConfigProblem] = []
    private(set) var unknownKeys: [String] = []

    init(defaults: ConfigDefaults) {
        self.defaults = defaults
    }

    func report(_ key: String, _ message: String) {
        problems.append(ConfigProblem(key: key, message: message))
    }

    func report(at codingPath: [any CodingKey], _ message: String) {
        report(ConfigKeyPath.render(codingPath), message)
    }

    func report(_ error: DecodingError) {
        let (codingPath, message) = ConfigDecodingContext.explain(error)
        report(at: codingPath, message)
    }

    func noteUnknownKey(at codingPath: [any CodingKey]) {
        unknownKeys.append(ConfigKeyPath.render(codingPath))
    }

    /// Turns a `DecodingError` into a key and a message. Never uses `debugDescription`: decoders
    /// put the offending value there, and the value may be a token.
    static func explain(_ error: DecodingError) -> (codingPath: [any CodingKey], message: String) {
        switch error {
        case .typeMismatch(let type, let context):
            return (context.codingPath, "expected \(describe(type))" + found(in: context))
        case .valueNotFound(let type, let context):
            return (context.codingPath, "expected \(describe(type)), found nothing")
        case .keyNotFound(let key, let context):
            return (context.codingPath + [key], "missing")
        case .dataCorrupted(let context):
            return (context.codingPath, "not a valid value here")
        @unknown default:
            return ([], "can't be read")
        }
    }

    /// Plain words for the Swift type a key expects.
    static func describe(_ type: Any.Type) -> String {
        switch type {
        case is Int.Type, is Int64.Type, is Int32.Type, is UInt.Type, is UInt16.Type: return "an integer"
        case is Double.Type, is Float.Type: return "a number"
        case is Bool.Type: return "true or false"
        case is String.Type, is URL.Type: return "a string"
        default: break
        }
        let name = String(describing: type)
        if name.contains("Mapping") || name.hasPrefix("Dictionary") { return "a mapping (key: value lines)" }
        if name.contains("Sequence") || name.hasPrefix("Array") { return "a list" }
        if name.contains("Scalar") { return "a single value" }
        return "a \(name)"
    }

    /// What was there instead when it was a whole mapping or list, without the value itself.
    private static func found(in context: DecodingError.Context) -> String {
        // Decoders word it "Expected to decode X but found Y instead"; only Y's kind is used.
        guard let range = context.debugDescription.range(of: "but found ") else { return "" }
        let reality = context.debugDescription[range.upperBound...].prefix(40).lowercased()
        if reality.hasPrefix("mapping") || reality.hasPrefix("a dictionary") { return ", found a mapping" }
        if reality.hasPrefix("sequence") || reality.hasPrefix("an array") { return ", found a list" }
        return ""
    }
}

extension CodingUserInfoKey {
    /// Where `BridgeConfig.init(from:)` finds its ``ConfigDecodingContext``.
    static let pontoonConfigDecoding: CodingUserInfoKey = {
        guard let key = CodingUserInfoKey(rawValue: "pontoon.config.decoding") else {
            preconditionFailure("a constant, non-empty key")
        }
        return key
    }()
}
