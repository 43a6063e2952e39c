import PontoonStorage
import PontoonTestSupport
import SQLKit
import Testing

@Suite("Closing a database right after concurrent statements")
struct BridgeDatabaseCloseTests {
    /// Concurrent statements used to make the pool open more connections that could finish after
    /// `close()` had stopped the thread pool: never closed, and a crash in debug builds.
    @Test(arguments: 0..<4)
    func closeRightAfterConcurrentStatementsIsClean(round: Int) async throws {
        for _ in 0..<20 {
            try await withDatabase(.sqlite, migrations: []) { database async throws in
                try await withThrowingTaskGroup(of: Void.self) { group in
                    for _ in 0..<16 { group.addTask { try await database.sql.raw("SELECT 1").run() } }
                    try await group.waitForAll()
                }
            }
        }
    }
}
