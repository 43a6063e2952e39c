import Logging
@testable import Pontoon
import PontoonMatrix
import Synchronization
import Testing

/// The startup ping gives the homeserver a few more tries when it could not connect (a restart
/// right after a crash), and none when the answer is final (a wrong token).
@Suite("Startup check: ping retries")
struct StartupCheckRetryTests {
    private let logger = Logger(label: "test")
    private let noDelays: [Duration] = [.zero, .zero, .zero]

    @Test func aConnectionFailureFollowedBySuccessPasses() async throws {
        let attempts = Mutex(0)
        let duration = try await StartupCheck.retryingUnreachable(delays: noDelays, logger: logger) {
            let attempt = attempts.withLock { $0 += 1; return $0 }
            if attempt < 3 { throw attempt == 1 ? PingFailure.connectionFailed(message: "refused") : PingFailure.connectionTimeout }
            return 7
        }
        #expect(duration == 7)
        #expect(attempts.withLock { $0 } == 3)
    }

    @Test func aHomeserverThatNeverConnectsFailsAfterTheLastRetry() async throws {
        let attempts = Mutex(0)
        await #expect(throws: PingFailure.connectionFailed(message: "refused")) {
            try await StartupCheck.retryingUnreachable(delays: noDelays, logger: logger) { () async throws -> Int in
                attempts.withLock { $0 += 1 }
                throw PingFailure.connectionFailed(message: "refused")
            }
        }
        #expect(attempts.withLock { $0 } == noDelays.count + 1)
    }

    @Test func aFinalAnswerIsNotRetried() async throws {
        for failure in [PingFailure.unknownToken, .urlNotSet, .forbidden(message: "id"), .badStatus(status: 403, body: "")] {
            let attempts = Mutex(0)
            await #expect(throws: failure) {
                try await StartupCheck.retryingUnreachable(delays: noDelays, logger: logger) { () async throws -> Int in
                    attempts.withLock { $0 += 1 }
                    throw failure
                }
            }
            #expect(attempts.withLock { $0 } == 1)
        }
    }
}
