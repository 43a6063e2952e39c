import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("CoreMessageStore", .serialized)
struct CoreMessageStoreTests {
    private func store(_ database: BridgeDatabase) -> CoreMessageStore {
        CoreMessageStore(database: database, network: CoreFixtures.network)
    }

    @Test(arguments: StorageBackend.allCases)
    func aStoredPartComesBackWithEveryField(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            var part = CoreFixtures.part("m1", part: "img", index: 3, in: CoreFixtures.dm)
            part.editCount = 2
            #expect(try await messages.insert(part))
            #expect(try await messages.part("img", of: "m1", in: CoreFixtures.dm) == part)
            #expect(try await messages.part("", of: "m1", in: CoreFixtures.dm) == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aPartWithNoReplyOrThreadComesBackWithNils(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            let part = MessagePartRow(
                chat: CoreFixtures.shared, remoteID: "plain", mxid: "$plain", roomMXID: "!r:x", timestamp: 1)
            #expect(try await messages.insert(part))
            #expect(try await messages.part(of: "plain", in: CoreFixtures.shared) == part)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func insertingTheSamePartTwiceIsRefusedTheSecondTime(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            let first = CoreFixtures.part("m1", event: "$first")
            #expect(try await messages.insert(first))
            // A redelivery of the same remote message, bridged again to a new event: refused, the first stays.
            #expect(try await messages.insert(CoreFixtures.part("m1", event: "$second")) == false)
            #expect(try await messages.parts(of: "m1", in: CoreFixtures.shared) == [first])
            #expect(try await messages.byEventID("$second", in: first.roomMXID) == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func concurrentInsertsOfOnePartAcceptExactlyOne(backend: StorageBackend) async throws {
        try await withDatabaseForConcurrency(backend) { database async throws in
            let messages = store(database)
            let accepted = try await withThrowingTaskGroup(of: Bool.self) { group in
                for attempt in 0..<16 {
                    group.addTask { try await messages.insert(CoreFixtures.part("race", event: "$race\(attempt)")) }
                }
                return try await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            #expect(accepted == 1)
            #expect(try await messages.parts(of: "race", in: CoreFixtures.shared).count == 1)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func anEventIDRecordedForAnotherPartIsAnError(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            #expect(try await messages.insert(CoreFixtures.part("m1", event: "$same")))
            await #expect(throws: (any Error).self) {
                try await messages.insert(CoreFixtures.part("m2", event: "$same"))
            }
            #expect(try await messages.parts(of: "m2", in: CoreFixtures.shared).isEmpty)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theSameRemoteIDInAnotherChatOrForAnotherReceiverIsAnotherMessage(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            let dmOfCarol = PortalRowKey(chatID: CoreFixtures.dm.chatID, receiver: "login-carol")
            #expect(try await messages.insert(CoreFixtures.part("1", in: CoreFixtures.shared)))
            #expect(try await messages.insert(CoreFixtures.part("1", in: CoreFixtures.dm)))
            #expect(try await messages.insert(CoreFixtures.part("1", in: dmOfCarol)))
            #expect(try await messages.insert(CoreFixtures.part("1", in: PortalRowKey(chatID: "#random"), event: "$r")))
            #expect(try await messages.parts(of: "1", in: dmOfCarol).map(\.chat) == [dmOfCarol])
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func partsComeInPartOrderWithFirstAndLast(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            // Inserted out of order, with IDs whose text order differs from the part order.
            #expect(try await messages.insert(CoreFixtures.part("m", part: "b-caption", index: 2)))
            #expect(try await messages.insert(CoreFixtures.part("m", part: "z-text", index: 0)))
            #expect(try await messages.insert(CoreFixtures.part("m", part: "a-image", index: 1)))
            let parts = try await messages.parts(of: "m", in: CoreFixtures.shared)
            #expect(parts.map(\.partID) == ["z-text", "a-image", "b-caption"])
            #expect(try await messages.firstPart(of: "m", in: CoreFixtures.shared)?.partID == "z-text")
            #expect(try await messages.lastPart(of: "m", in: CoreFixtures.shared)?.partID == "b-caption")
            #expect(try await messages.firstPart(of: "unknown", in: CoreFixtures.shared) == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aPartIsFoundByItsEventIDInItsRoomOnly(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            let part = CoreFixtures.part("m1", part: "img", event: "$ev", room: "!a:x")
            #expect(try await messages.insert(part))
            #expect(try await messages.byEventID("$ev", in: "!a:x") == part)
            #expect(try await messages.byEventID("$ev", in: "!b:x") == nil)
            #expect(try await messages.byEventID("$nope", in: "!a:x") == nil)
            #expect(try await CoreMessageStore(database: database, network: CoreFixtures.otherNetwork)
                .byEventID("$ev", in: "!a:x") == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theSameEventIDInTwoRoomsIsTwoParts(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            #expect(try await messages.insert(CoreFixtures.part("m1", event: "$ev", room: "!a:x")))
            #expect(try await messages.insert(CoreFixtures.part("m2", event: "$ev", room: "!b:x")))
            #expect(try await messages.byEventID("$ev", in: "!b:x")?.remoteID == "m2")
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func editsAreCountedAndMayReplaceTheMetadata(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            #expect(try await messages.insert(CoreFixtures.part("m1")))
            #expect(try await messages.recordEdit(of: "m1", in: CoreFixtures.shared) == 1)
            #expect(try await messages.recordEdit(of: "m1", in: CoreFixtures.shared, metadata: "{\"v\":2}") == 2)
            let part = try #require(try await messages.part(of: "m1", in: CoreFixtures.shared))
            #expect(part.editCount == 2 && part.metadata == "{\"v\":2}")
            #expect(try await messages.recordEdit(of: "unknown", in: CoreFixtures.shared) == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func concurrentEditsAreAllCounted(backend: StorageBackend) async throws {
        try await withDatabaseForConcurrency(backend) { database async throws in
            let messages = store(database)
            #expect(try await messages.insert(CoreFixtures.part("m1")))
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 {
                    group.addTask { try await messages.recordEdit(of: "m1", in: CoreFixtures.shared) }
                }
                try await group.waitForAll()
            }
            #expect(try await messages.part(of: "m1", in: CoreFixtures.shared)?.editCount == 20)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func deletingAMessageRemovesAllItsPartsAndTheReactionsToIt(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            let reactions = CoreReactionStore(database: database, network: CoreFixtures.network)
            #expect(try await messages.insert(CoreFixtures.part("m1", part: "text")))
            #expect(try await messages.insert(CoreFixtures.part("m1", part: "img", index: 1)))
            #expect(try await messages.insert(CoreFixtures.part("m2")))
            try await reactions.upsert(CoreFixtures.reaction(to: "m1", part: "img"))
            try await reactions.upsert(CoreFixtures.reaction(to: "m2"))

            #expect(try await messages.delete("m1", in: CoreFixtures.shared) == 2)
            #expect(try await messages.parts(of: "m1", in: CoreFixtures.shared).isEmpty)
            #expect(try await reactions.reactions(to: "m1", in: CoreFixtures.shared).isEmpty)
            #expect(try await messages.parts(of: "m2", in: CoreFixtures.shared).count == 1)
            #expect(try await reactions.reactions(to: "m2", in: CoreFixtures.shared).count == 1)
            #expect(try await messages.delete("m1", in: CoreFixtures.shared) == 0)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func deleteAllClearsOneChatAndKeepsItsPortal(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            let portals = CorePortalStore(database: database, network: CoreFixtures.network)
            let reactions = CoreReactionStore(database: database, network: CoreFixtures.network)
            try await portals.upsert(CoreFixtures.portal())
            for id in ["a", "b", "c"] { #expect(try await messages.insert(CoreFixtures.part(id))) }
            #expect(try await messages.insert(CoreFixtures.part("a", in: CoreFixtures.dm)))
            try await reactions.upsert(CoreFixtures.reaction(to: "a"))

            try await messages.deleteAll(in: CoreFixtures.shared)

            #expect(try await messages.lastMessage(in: CoreFixtures.shared) == nil)
            #expect(try await reactions.reactions(to: "a", in: CoreFixtures.shared).isEmpty)
            #expect(try await messages.parts(of: "a", in: CoreFixtures.dm).count == 1)
            #expect(try await portals.get(CoreFixtures.shared) != nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func theLastMessageIsTheNewestByTimestampAndItsLastPart(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let messages = store(database)
            #expect(try await messages.insert(CoreFixtures.part("newest", part: "text", index: 0, timestamp: 300)))
            #expect(try await messages.insert(CoreFixtures.part("newest", part: "img", index: 1, timestamp: 300)))
            #expect(try await messages.insert(CoreFixtures.part("older", timestamp: 100)))
            #expect(try await messages.insert(CoreFixtures.part("other-chat", in: CoreFixtures.dm, timestamp: 900)))
            let last = try #require(try await messages.lastMessage(in: CoreFixtures.shared))
            #expect(last.remoteID == "newest" && last.partID == "img")
            #expect(try await messages.lastMessage(in: PortalRowKey(chatID: "empty")) == nil)
        }
    }
}
