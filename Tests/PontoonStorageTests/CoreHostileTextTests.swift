import PontoonStorage
import PontoonTestSupport
import Testing

/// Text from the network and from Matrix users is stored exactly, whatever it holds, or refused alike on both
/// engines when it cannot be stored.
@Suite("Core stores: hostile text", .serialized)
struct CoreHostileTextTests {
    static let awkward: [String] = [
        "héllo wörld 🚣‍♀️ 👨‍👩‍👧 🇸🇪",
        "e\u{301}",                                   // decomposed é: must not become the composed one
        "\u{FEFF}\u{200B}\u{202E}rtl\u{202C}",        // BOM, zero-width space, bidi override
        "'); DROP TABLE portal; --",
        #"{"json":"with \"quotes\", \\ and \u0000 escaped"}"#,
        "",
        String(repeating: "𝕏", count: 10_000),
        "line\nbreak\r\ttab",
    ]

    @Test(arguments: StorageBackend.allCases)
    func metadataSurvivesScalarForScalar(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let ghosts = CoreGhostStore(database: database, network: CoreFixtures.network)
            for (index, text) in Self.awkward.enumerated() {
                try await ghosts.upsert(GhostRow(remoteUserID: "u\(index)", name: text, metadata: text))
            }
            for (index, text) in Self.awkward.enumerated() {
                let ghost = try #require(try await ghosts.get("u\(index)"))
                // Swift's == treats canonically equivalent strings as equal; compare the bytes.
                #expect(Array(ghost.metadata.utf8) == Array(text.utf8))
                #expect(Array(ghost.name.utf8) == Array(text.utf8))
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func keysThatSwiftConsidersEqualAreDistinctRows(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let ghosts = CoreGhostStore(database: database, network: CoreFixtures.network)
            try await ghosts.upsert(GhostRow(remoteUserID: "\u{E9}", name: "composed"))
            try await ghosts.upsert(GhostRow(remoteUserID: "e\u{301}", name: "decomposed"))
            #expect(try await ghosts.get("\u{E9}")?.name == "composed")
            #expect(try await ghosts.get("e\u{301}")?.name == "decomposed")
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func hostileRemoteIDsWorkAsKeys(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = CoreMessageStore(database: database, network: CoreFixtures.network)
            let chat = PortalRowKey(chatID: "#chan'; --", receiver: "login 🚣")
            for (index, id) in Self.awkward.enumerated() {
                #expect(try await messages.insert(CoreFixtures.part(id, in: chat, event: "$e\(index)")))
            }
            for id in Self.awkward {
                let parts = try await messages.parts(of: id, in: chat)
                #expect(parts.count == 1 && parts.map { Array($0.remoteID.utf8) } == [Array(id.utf8)])
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func eightMegabytesOfMetadataRoundTrip(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = CorePortalStore(database: database, network: CoreFixtures.network)
            // Mostly ASCII, with a two-byte scalar now and then so that a cut inside one would show.
            let block = String(repeating: "abcdefghijklmnopqrstuvwxyz", count: 38) + "é"
            let huge = String(repeating: block, count: 8 * 1024 * 1024 / block.utf8.count)
            try await portals.upsert(PortalRow(key: CoreFixtures.shared, metadata: huge))
            let stored = try #require(try await portals.get(CoreFixtures.shared))
            #expect(stored.metadata.utf8.count == huge.utf8.count)
            #expect(stored.metadata == huge)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aNULInMetadataIsRefusedAndNothingIsStored(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let portals = CorePortalStore(database: database, network: CoreFixtures.network)
            let error = await #expect(throws: CoreStoreError.self) {
                try await portals.upsert(PortalRow(key: CoreFixtures.shared, metadata: "{\"a\":\"x\0y\"}"))
            }
            #expect(error == .nulCharacter(column: "metadata"))
            #expect(error?.description.contains("NUL") == true)
            #expect(try await portals.all().isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aNULInAnIDIsRefusedOnWritesAndLookupsAlike(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = CoreMessageStore(database: database, network: CoreFixtures.network)
            let processed = CoreProcessedEventStore(database: database)
            await #expect(throws: CoreStoreError.nulCharacter(column: "remote_id")) {
                try await messages.insert(CoreFixtures.part("m\0"))
            }
            await #expect(throws: CoreStoreError.nulCharacter(column: "mxid")) {
                try await messages.byEventID("$e\0", in: "!r:x")
            }
            await #expect(throws: CoreStoreError.nulCharacter(column: "receiver")) {
                try await messages.parts(of: "m", in: PortalRowKey(chatID: "c", receiver: "\0"))
            }
            await #expect(throws: CoreStoreError.nulCharacter(column: "event_mxid")) {
                try await processed.markIfNew("\0", in: "!r:x")
            }
            await #expect(throws: CoreStoreError.nulCharacter(column: "network")) {
                try await CoreGhostStore(database: database, network: "net\0").get("bob")
            }
        }
    }
}
