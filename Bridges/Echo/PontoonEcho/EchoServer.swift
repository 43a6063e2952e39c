import Foundation
import Synchronization

/// One line of the echo server's history.
struct EchoRecord: Codable, Sendable {
    enum Operation: String, Codable, Sendable { case message, delete }
    var op: Operation
    var id: String
    var chat: String = ""
    /// The login that sees the chat (direct chats), `""` for a group.
    var receiver: String = ""
    var sender: String = ""
    var text: String = ""
    var replyTo: String?
    /// The message this one answers (the echo of it).
    var echoOf: String?
    /// The thread it is in.
    var thread: String?
    /// What was attached, as "name (size)".
    var media: String?
    /// The Matrix event a message came from: sending it again returns the same message.
    var key: String?
}

/// The echo network's "server": its history as JSON lines, appended before anything is reported
/// to the bridge, so whatever the bridge missed in a crash is still there when it reconnects.
final class EchoServer: Sendable {
    private let file: FileHandle
    private let state: Mutex<(records: [EchoRecord], byKey: [String: String], deleted: Set<String>)>

    init(path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            FileManager.default.createFile(atPath: path, contents: nil)
        }
        guard let file = FileHandle(forUpdatingAtPath: path) else {
            throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
        }
        let contents = try file.readToEnd() ?? Data()
        // A write cut short by a crash leaves a last line without its newline. It was never reported
        // to the bridge: cut it off, or the next append would glue a good line onto it and lose both.
        let complete = contents.lastIndex(of: UInt8(ascii: "\n")).map { contents.index(after: $0) } ?? contents.startIndex
        if complete < contents.endIndex { try file.truncate(atOffset: UInt64(complete - contents.startIndex)) }
        var records: [EchoRecord] = []
        for line in contents[..<complete].split(separator: UInt8(ascii: "\n")) {
            if let record = try? JSONDecoder().decode(EchoRecord.self, from: line) { records.append(record) }
        }
        self.file = file
        var byKey: [String: String] = [:]
        for record in records { if let key = record.key { byKey[key] = record.id } }
        let deleted = Set(records.filter { $0.op == .delete }.map(\.id))
        state = Mutex((records, byKey, deleted))
    }

    /// The message that came from `key` before, if any.
    func message(forKey key: String) -> String? { state.withLock { $0.byKey[key] } }

    /// Appends records, giving new messages their IDs; returns them as stored.
    func append(_ new: [EchoRecord]) throws -> [EchoRecord] {
        try state.withLock { state in
            var stored: [EchoRecord] = []
            var lines = Data()
            for var record in new {
                if record.op == .message {
                    if record.id.isEmpty { record.id = "\(state.records.count + 1)" }
                    if let key = record.key { state.byKey[key] = record.id }
                } else {
                    state.deleted.insert(record.id)
                }
                state.records.append(record)
                stored.append(record)
                lines += try JSONEncoder().encode(record) + Data("\n".utf8)
            }
            try file.seekToEnd()
            try file.write(contentsOf: lines)
            return stored
        }
    }

    /// The messages of a chat (or of every chat a login sees), not deleted, oldest first.
    func messages(where include: (EchoRecord) -> Bool) -> [EchoRecord] {
        state.withLock { state in state.records.filter { $0.op == .message && !state.deleted.contains($0.id) && include($0) } }
    }

    func message(_ id: String) -> EchoRecord? {
        state.withLock { $0.records.first { $0.op == .message && $0.id == id } }
    }
}
