import Foundation
import PontoonMatrix
import Yams

/// A config that loaded, with notes an admin should see but that don't stop the bridge.
public struct LoadedConfig: Sendable {
    public var config: BridgeConfig
    /// Keys the bridge doesn't know (typos, or keys of another version), one line each.
    public var warnings: [String]
}

/// Reads `config.yaml`: the bytes, then YAML, then types, then meaning; every problem of the
/// last two steps is reported together, each with its dotted key.
public enum ConfigLoader {
    /// What the config is loaded for.
    public enum Purpose: Sendable {
        /// Running the bridge: the tokens must be there.
        case run
        /// Generating the registration (`-g`): the tokens may still be missing.
        case generateRegistration
    }

    /// A config has no reason to be larger; a bigger file is almost certainly the wrong file.
    public static let maxFileSize = 1 << 20
    /// Most scalars and collections a config may hold once YAML aliases are expanded.
    public static let maxValues = 100_000

    /// Loads and checks the config file at `path`.
    public static func load(path: String, network: any RemoteNetwork, purpose: Purpose = .run) throws(ConfigError) -> LoadedConfig {
        let data = try read(path: path)
        return try parse(data: data, path: path, network: network, purpose: purpose)
    }

    /// Checks config bytes; `path` only names the file in messages.
    public static func parse(data: Data, path: String, network: any RemoteNetwork, purpose: Purpose = .run) throws(ConfigError) -> LoadedConfig {
        guard data.count <= maxFileSize else { throw .tooLarge(path: path, limit: maxFileSize) }
        guard let text = String(data: data, encoding: .utf8) else { throw .notText(path: path) }
        return try parse(text: text, path: path, network: network, purpose: purpose)
    }

    /// Checks config text; `path` only names the file in messages.
    public static func parse(text: String, path: String, network: any RemoteNetwork, purpose: Purpose = .run) throws(ConfigError) -> LoadedConfig {
        guard text.utf8.count <= maxFileSize else { throw .tooLarge(path: path, limit: maxFileSize) }
        let root = try compose(text, path: path)
        guard case .mapping(let mapping) = root else {
            throw .invalid(path: path, problems: [ConfigProblem(key: "(top level)",
                message: "expected a mapping of sections (homeserver:, appservice:, …)")])
        }

        let context = ConfigDecodingContext(defaults: ConfigDefaults(network: network))
        var config: BridgeConfig?
        do {
            config = try YAMLDecoder().decode(BridgeConfig.self, from: root, userInfo: [.pontoonConfigDecoding: context])
        } catch let error as DecodingError {
            context.report(error)
        } catch {
            context.report("(top level)", "can't be read")
        }
        var problems = context.problems
        if var decoded = config {
            decoded.network = mapping["network"].map(YAMLNodeConversion.jsonValue) ?? .object([:])
            if decoded.network.isNull { decoded.network = .object([:]) }
            problems += ConfigValidator(requireTokens: purpose == .run).problems(in: decoded)
            config = decoded
        }
        guard let config, problems.isEmpty else { throw .invalid(path: path, problems: firstPerKey(problems)) }
        let warnings = context.unknownKeys.map { "\(path): unknown key \($0) (ignored)" }
        return LoadedConfig(config: config, warnings: warnings)
    }

    /// Keeps the first problem of each key and drops those below a key already reported (a
    /// missing section needs no extra line per key inside it), then orders them by section.
    static func firstPerKey(_ problems: [ConfigProblem]) -> [ConfigProblem] {
        var kept: [ConfigProblem] = []
        for problem in problems where !kept.contains(where: { problem.key == $0.key || problem.key.hasPrefix($0.key + ".") }) {
            kept.append(problem)
        }
        let sections = BridgeConfig.CodingKeys.allCases.map(\.stringValue)
        func rank(_ problem: ConfigProblem) -> Int {
            let section = problem.key.prefix { $0 != "." }
            return sections.firstIndex { $0 == section } ?? -1
        }
        return kept.enumerated().sorted { (rank($0.element), $0.offset) < (rank($1.element), $1.offset) }.map(\.element)
    }

    private static func read(path: String) throws(ConfigError) -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw .missingFile(path: path)
        }
        if isDirectory.boolValue { throw .unreadable(path: path, reason: "it is a directory") }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw .unreadable(path: path, reason: "permission denied or not a regular file")
        }
        defer { try? handle.close() }
        do {
            // One byte past the limit is enough to know it is too large, without reading it all.
            return try handle.read(upToCount: maxFileSize + 1) ?? Data()
        } catch {
            throw .unreadable(path: path, reason: "read failed")
        }
    }

    private static func compose(_ text: String, path: String) throws(ConfigError) -> Node {
        do {
            try YAMLSizeGuard.check(text, maxValues: maxValues)
        } catch {
            throw .syntax(path: path, line: nil, column: nil,
                          problem: "expands to more than \(error.limit) values (YAML aliases repeating large parts?)")
        }
        let node: Node?
        do {
            node = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw YAMLErrorDescription.configError(error, path: path)
        } catch {
            throw .syntax(path: path, line: nil, column: nil, problem: "can't be parsed")
        }
        guard let node, node.null == nil else { throw .empty(path: path) }
        return node
    }
}
