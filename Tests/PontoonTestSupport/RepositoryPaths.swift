import Foundation

/// Where the test tooling lives, found from this file's location so tests work from any directory.
public enum RepositoryPaths {
    /// The repository root (the folder with Package.swift).
    public static let root: URL = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url
    }()

    /// The git-ignored Python venv with Synapse and matrix-nio (`scripts/test.sh` creates it).
    public static var venvPython: URL {
        if let custom = ProcessInfo.processInfo.environment["PONTOON_VENV"] {
            return URL(fileURLWithPath: custom).appendingPathComponent("bin/python")
        }
        return root.appendingPathComponent(".venv/bin/python")
    }

    /// The Python scripts of the rig.
    public static func rigScript(_ name: String) -> URL {
        root.appendingPathComponent("Tests/rig/\(name)")
    }

    /// A built executable of this package, e.g. `pontoon-echo`, looked up in the usual build folders.
    public static func executable(_ name: String) throws -> URL {
        let environmentKey = "PONTOON_BIN_DIR"
        var candidates: [URL] = []
        if let dir = ProcessInfo.processInfo.environment[environmentKey] {
            candidates.append(URL(fileURLWithPath: dir).appendingPathComponent(name))
        }
        candidates.append(root.appendingPathComponent(".build/debug/\(name)"))
        candidates.append(root.appendingPathComponent(".build/release/\(name)"))
        if let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0.path) }) {
            return found
        }
        throw RigError.missing("executable \(name) not built: run `swift build` first (or set \(environmentKey))")
    }

    /// A fresh scratch directory under `.rig/tmp`, git-ignored.
    public static func scratchDirectory(_ prefix: String) throws -> URL {
        let dir = root.appendingPathComponent(".rig/tmp/\(prefix)-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }
}

/// Why the rig could not do what a test asked.
public enum RigError: Error, CustomStringConvertible {
    case missing(String)
    case failed(String)
    case timeout(String)

    public var description: String {
        switch self {
        case .missing(let what): return "test rig missing: \(what)"
        case .failed(let what): return "test rig failed: \(what)"
        case .timeout(let what): return "test rig timed out: \(what)"
        }
    }
}
