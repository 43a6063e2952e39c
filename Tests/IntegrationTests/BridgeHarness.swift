import AsyncHTTPClient
import Foundation
import Logging
import Pontoon
import PontoonEcho
import PontoonMatrix
import PontoonTestSupport
import Synchronization

/// Records what the running bridge received, and answers user/alias queries the way a bridge does:
/// by registering the ghost, or by creating the room and its alias.
final class ObservingHandlers: MatrixEventHandler, AppserviceQueryHandler {
    private let state = Mutex<(items: [MatrixInboxItem], pings: [String?])>(([], []))
    let homeserver: Mutex<HomeserverClient?> = Mutex(nil)

    func handle(_ delivery: InboxDelivery) async {
        state.withLock { $0.items.append(delivery.item) }
        delivery.complete()
    }
    func pinged(transactionID: String?) async { state.withLock { $0.pings.append(transactionID) } }

    func userExists(_ userID: UserID) async throws -> Bool {
        guard let client = homeserver.withLock({ $0 }), userID.localpart.hasPrefix("echo_") else { return false }
        try await client.intent(for: userID).ensureRegistered()
        return true
    }

    func aliasExists(_ alias: RoomAlias) async throws -> Bool {
        guard let client = homeserver.withLock({ $0 }), alias.localpart.hasPrefix("echo_") else { return false }
        let room = try await client.bot.createRoom(CreateRoomRequest(name: "Lobby \(alias.localpart)", preset: .publicChat))
        try await client.bot.createAlias(alias, for: room)
        return true
    }

    var events: [ClientEvent] {
        state.withLock { $0.items.compactMap { if case .event(let event) = $0 { return event } else { return nil } } }
    }
    var pings: [String?] { state.withLock { $0.pings } }

    /// Waits until an event matching `predicate` was handled.
    func waitForEvent(timeout: Duration = .seconds(20), _ predicate: (ClientEvent) -> Bool) async throws -> ClientEvent {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if let event = events.first(where: predicate) { return event }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw RigError.timeout("bridge never received the expected event")
    }
}

/// A bridge running in this process against the rig's Synapse, with the real runtime.
struct RunningBridge {
    let files: BridgeFiles
    let config: BridgeConfig
    let handlers: ObservingHandlers
    let task: Task<Void, any Error>

    static func start(files: BridgeFiles, handlers: ObservingHandlers = ObservingHandlers()) async throws -> RunningBridge {
        let loaded = try ConfigLoader.load(path: files.config.path, network: EchoNetwork())
        let launch = BridgeCLI.Launch(config: loaded.config, configPath: files.config.path, registrationPath: files.registration.path)
        let runtime = BridgeRuntime(launch: launch) { services in
            handlers.homeserver.withLock { $0 = services.homeserver }
            return .init(events: handlers, queries: handlers)
        }
        let task = Task { try await runtime.run() }
        // The start-up check ends with the homeserver pinging us: then both directions work.
        let deadline = ContinuousClock.now + .seconds(30)
        while handlers.pings.isEmpty {
            if ContinuousClock.now > deadline {
                task.cancel()
                throw RigError.timeout("bridge start-up (no ping from the homeserver)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        try await Task.sleep(for: .milliseconds(200))
        return RunningBridge(files: files, config: loaded.config, handlers: handlers, task: task)
    }

    var homeserver: HomeserverClient { handlers.homeserver.withLock { $0! } }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

/// Runs `body` with Synapse and the echo bridge's files; stops Synapse on every path.
func withEchoRig<T: Sendable>(_ body: (BridgeFiles, SynapseRig) async throws -> T) async throws -> T {
    let files = try BridgeFiles.generate(executable: "pontoon-echo")
    return try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
        try await body(files, rig)
    }
}
