import Logging
import Pontoon
import PontoonMatrix
import Synchronization

/// The bridge as the commands see it in tests: who is logged in.
struct FakeCommandServices: CommandServices {
    var loggedIn: Set<UserID> = []

    func isLoggedIn(_ user: UserID) async -> Bool { loggedIn.contains(user) }
}

/// Every reply the bot sent, in order.
final class ReplyRecorder: Sendable {
    private let storage = Mutex<[CommandReply]>([])

    var replies: [CommandReply] { storage.withLock { $0 } }
    var bodies: [String] { replies.map(\.body) }
    var last: CommandReply? { replies.last }

    var sink: CommandReplySink {
        { reply in self.storage.withLock { $0.append(reply) } }
    }
}

/// Log lines (level, message, metadata) for assertions.
final class CommandLogCapture: Sendable {
    private let storage = Mutex<[String]>([])

    var lines: [String] { storage.withLock { $0 } }

    var logger: Logger {
        Logger(label: "test.commands") { _ in Handler(capture: self) }
    }

    struct Handler: LogHandler {
        let capture: CommandLogCapture
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
            capture.storage.withLock { $0.append("\(event.level) \(event.message) \(merged)") }
        }
    }
}

/// Users and rooms of the command tests. Permissions: `*` relay, example.org user, one admin,
/// one blocked user.
enum CommandFixtures {
    static let admin: UserID = "@admin:example.org"
    static let user: UserID = "@alice:example.org"
    static let relayUser: UserID = "@guest:elsewhere.net"
    static let blocked: UserID = "@spammer:example.org"
    static let managementRoom: RoomID = "!dm:example.org"
    static let portalRoom: RoomID = "!portal:example.org"
    static let otherRoom: RoomID = "!plain:example.org"

    static let permissions: BridgePermissions = {
        do {
            return try BridgePermissions([
                "*": .relay, "example.org": .user, admin.rawValue: .admin, blocked.rawValue: .block,
            ])
        } catch {
            preconditionFailure("valid fixture: \(error)")
        }
    }()

    static func room(_ kind: CommandRoomKind) -> RoomID {
        switch kind {
        case .managementRoom: managementRoom
        case .portal: portalRoom
        case .unbridgedRoom: otherRoom
        }
    }
}

/// A processor with the fixture permissions, prefix `!echo`, and a way to send it messages.
struct CommandHarness {
    var processor: CommandProcessor<FakeCommandServices>
    var services = FakeCommandServices()
    let replies = ReplyRecorder()
    let logs = CommandLogCapture()

    init(_ extra: [Command<FakeCommandServices>] = [], services: FakeCommandServices = FakeCommandServices()) throws {
        var registry = CommandRegistry<FakeCommandServices>()
        for command in extra { try registry.register(command) }
        self.services = services
        processor = CommandProcessor(
            commands: registry, prefix: "!echo", permissions: CommandFixtures.permissions, logger: logs.logger)
    }

    @discardableResult
    func send(_ body: String, from sender: UserID = CommandFixtures.user, in kind: CommandRoomKind = .managementRoom) async -> CommandOutcome {
        await processor.handle(
            CommandMessage(sender: sender, roomID: CommandFixtures.room(kind), room: kind, body: body),
            services: services, reply: replies.sink)
    }
}

/// Records what handlers saw.
final class Seen<Value: Sendable>: Sendable {
    private let storage = Mutex<[Value]>([])

    var values: [Value] { storage.withLock { $0 } }

    func append(_ value: Value) { storage.withLock { $0.append(value) } }
}
