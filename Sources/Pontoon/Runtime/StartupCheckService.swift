import Logging
import ServiceLifecycle

/// Runs the ``StartupCheck`` once the appservice listener is up (the homeserver's ping needs it),
/// then stays idle until shutdown; a failed check ends the whole service group.
struct StartupCheckService: Service {
    let readiness: ServerReadiness
    let check: StartupCheck
    let afterCheck: @Sendable () async throws -> Void

    func run() async throws {
        await readiness.wait()
        try await check.run()
        try await afterCheck()
        try? await gracefulShutdown()
    }
}
