import PontoonTestSupport
import Testing

@Suite("PostgreSQL test server")
struct PostgresRigTests {
    /// Reported as skipped, with how to start the server, when PostgreSQL tests cannot run; every other
    /// PostgreSQL test case then ends silently.
    @Test(PostgresTestDatabase.serverTrait)
    func theTestServerGivesEachTestAnEmptyDatabase() async throws {
        try await withDatabase(.postgres) { database async throws in
            let tables = try await database.sql.raw("""
                SELECT COUNT(*) AS n FROM information_schema.tables WHERE table_schema = 'public'
                """).first()?.decode(column: "n", as: Int.self)
            // Only what the migrations created (the version table, 3 from migration 1, 7 from migration 2,
            // 7 from migration 3):
            // nothing left from another test.
            #expect(tables == 18)
        }
    }
}
