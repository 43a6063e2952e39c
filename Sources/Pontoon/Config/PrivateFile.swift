import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files that hold tokens: mode 0600 from the first byte, replaced atomically so a crash
/// never leaves half a config behind.
public enum PrivateFile {
    /// Why a file could not be written.
    public struct WriteError: Error, Sendable, Equatable, CustomStringConvertible {
        public let path: String
        public let reason: String
        /// The file exists and `overwrite` was false.
        public let alreadyExists: Bool

        public var description: String { "\(path): \(reason)" }
    }

    /// Writes `contents` to `path` with mode 0600; refuses to replace an existing file unless `overwrite`.
    public static func write(_ contents: String, to path: String, overwrite: Bool) throws(WriteError) {
        let directory = (path as NSString).deletingLastPathComponent
        let name = (path as NSString).lastPathComponent
        let temporary = (directory.isEmpty ? "" : directory + "/") + ".\(name).\(SecureToken.generate(length: 12)).tmp"

        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard descriptor >= 0 else { throw failure(path, "can't create a file in \(directory.isEmpty ? "." : directory)") }
        var written = true
        Array(contents.utf8).withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count {
                let count = posixWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if count < 0, errno == EINTR { continue }
                if count <= 0 { written = false; return }
                offset += count
            }
        }
        // The mode given to open() is reduced by the umask; make sure it is exactly 0600.
        if fchmod(descriptor, 0o600) != 0 || fsync(descriptor) != 0 { written = false }
        if close(descriptor) != 0 { written = false }
        guard written else {
            unlink(temporary)
            throw failure(path, "writing failed (disk full?)")
        }

        if overwrite {
            guard rename(temporary, path) == 0 else {
                let reason = errnoDescription()
                unlink(temporary)
                throw failure(path, "can't replace the file: \(reason)")
            }
        } else {
            // link() fails if the target exists, so an existing file is never replaced.
            var linked = link(temporary, path) == 0
            var code = errno
            if !linked, code == EPERM || code == ENOTSUP || code == EOPNOTSUPP {
                // Filesystems without hard links: check, then rename (a narrow race, but no loss).
                if FileManager.default.fileExists(atPath: path) {
                    code = EEXIST
                } else {
                    linked = rename(temporary, path) == 0
                    code = errno
                }
            }
            unlink(temporary)
            guard linked else {
                if code == EEXIST { throw WriteError(path: path, reason: "already exists", alreadyExists: true) }
                throw failure(path, "can't create the file: \(String(cString: strerror(code)))")
            }
        }
    }

    /// The file's permission bits, or `nil` when it can't be read.
    public static func permissions(of path: String) -> Int? {
        (try? FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? nil
    }

    private static func failure(_ path: String, _ reason: String) -> WriteError {
        WriteError(path: path, reason: reason, alreadyExists: false)
    }

    private static func errnoDescription() -> String {
        String(cString: strerror(errno))
    }
}

/// POSIX `write(2)`, named apart from ``PrivateFile/write(_:to:overwrite:)``.
private func posixWrite(_ descriptor: Int32, _ buffer: UnsafeRawPointer?, _ count: Int) -> Int {
    write(descriptor, buffer, count)
}
