import Foundation
import Pontoon
import PontoonMatrix

/// A bridge's config.yaml and registration.yaml made the way an admin makes them: the executable's
/// `-e` writes the example, the rig edits the addresses, and `-g` fills the tokens and writes the
/// registration that Synapse then loads as-is.
public struct BridgeFiles: Sendable {
    public let directory: URL
    public let config: URL
    public let registration: URL
    /// Where the bridge listens for the homeserver.
    public let appservicePort: Int
    /// Where Synapse will listen (pass it to ``SynapseRig/start(registration:serverName:port:)``).
    public let synapsePort: Int

    public var synapseURL: URL { URL(string: "http://127.0.0.1:\(synapsePort)")! }

    /// Generates the files with `executable` (e.g. `pontoon-echo`) for a homeserver named `serverName`.
    public static func generate(executable name: String, serverName: String = "localhost",
                                database: String? = nil, edits: [String: String] = [:]) throws -> BridgeFiles {
        let directory = try RepositoryPaths.scratchDirectory(name)
        let config = directory.appendingPathComponent("config.yaml")
        let registration = directory.appendingPathComponent("registration.yaml")
        let appservicePort = try FreePort.find()
        let synapsePort = try FreePort.find()
        let binary = try RepositoryPaths.executable(name)
        try run(binary, ["-e", "-c", config.path])
        var values: [String: String] = [
            "homeserver.address": "http://127.0.0.1:\(synapsePort)",
            "homeserver.domain": serverName,
            "appservice.address": "http://127.0.0.1:\(appservicePort)",
            "appservice.port": "\(appservicePort)",
            "database.uri": database ?? directory.appendingPathComponent("bridge.db").path,
            "logging.level": "warning",
        ]
        values.merge(edits) { _, new in new }
        var text = try String(contentsOf: config, encoding: .utf8)
        for (key, value) in values { text = try YAMLLineEditor.set(key, to: value, in: text) }
        try text.write(to: config, atomically: true, encoding: .utf8)
        try run(binary, ["-g", "-c", config.path, "-r", registration.path])
        return BridgeFiles(directory: directory, config: config, registration: registration,
                           appservicePort: appservicePort, synapsePort: synapsePort)
    }

    /// Runs the executable to completion and returns its output; a non-zero exit throws with it.
    @discardableResult
    public static func run(_ binary: URL, _ arguments: [String]) throws -> String {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        guard process.terminationStatus == 0 else {
            throw RigError.failed("\(binary.lastPathComponent) \(arguments.joined(separator: " ")) exited \(process.terminationStatus): \(text)")
        }
        return text
    }
}

/// Sets `section.key` (or `section.sub.key`) in a block-style YAML file, keeping every other line.
public enum YAMLLineEditor {
    public static func set(_ dottedKey: String, to value: String, in text: String) throws -> String {
        try set(dottedKey, raw: quote(value), in: text)
    }

    /// Sets the key to `raw`, written as-is (a flow map like `{a: b}`, a number).
    public static func set(_ dottedKey: String, raw: String, in text: String) throws -> String {
        let path = dottedKey.split(separator: ".").map(String.init)
        var lines = text.components(separatedBy: "\n")
        var searchFrom = 0
        var indent = 0
        for (depth, component) in path.enumerated() {
            let prefix = String(repeating: " ", count: indent) + component + ":"
            guard let index = lines[searchFrom...].firstIndex(where: { $0.hasPrefix(prefix) }) else {
                throw RigError.failed("config key \(dottedKey) not found")
            }
            if depth == path.count - 1 {
                lines[index] = prefix + " " + raw
                // A block value (a map under the key) is replaced too: drop its more-indented lines.
                let childIndent = String(repeating: " ", count: indent + 1)
                var end = index + 1
                while end < lines.count, lines[end].hasPrefix(childIndent) { end += 1 }
                lines.removeSubrange((index + 1)..<end)
            }
            searchFrom = index + 1
            indent += 2
        }
        return lines.joined(separator: "\n")
    }

    private static func quote(_ value: String) -> String {
        if !value.isEmpty, value.allSatisfy(\.isNumber) { return value }
        return "\"" + value.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"") + "\""
    }
}

/// A second, non-exclusive appservice registration used only for its token: what admins install
/// for double puppeting (`double_puppet.secrets: {server: "as_token:<token>"}`).
public struct DoublePuppetRegistration: Sendable {
    public let file: URL
    public let asToken: String

    public static func write(in directory: URL, serverName: String = "localhost") throws -> DoublePuppetRegistration {
        let token = SecureToken.generate()
        let file = directory.appendingPathComponent("doublepuppet.yaml")
        let registration = AppserviceRegistration(
            id: "doublepuppet", url: nil, asToken: token,
            hsToken: SecureToken.generate(),
            senderLocalpart: "dp" + UUID().uuidString.prefix(8).lowercased(),
            namespaces: .init(users: [.init(regex: "@.*:" + NamespaceRegex.escape(serverName), exclusive: false)]),
            receiveEphemeral: false, pushEphemeral: false, msc3202: false, msc4190: false)
        try RegistrationYAML.encode(registration, generatedBy: "the Pontoon test rig").write(to: file, atomically: true, encoding: .utf8)
        return DoublePuppetRegistration(file: file, asToken: token)
    }
}
