import Foundation
import PontoonStorage
import PontoonTestSupport
import Testing

@Suite("KeyValueStore")
struct KeyValueStoreTests {
    @Test(arguments: StorageBackend.allCases)
    func aStringComesBackAsStored(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let store = KeyValueStore(database: database)
            try await store.set("héllo, wörld 🚣", forKey: "greeting")
            #expect(try await store.string(forKey: "greeting") == "héllo, wörld 🚣")
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func bytesComeBackByteForByte(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let store = KeyValueStore(database: database)
            let bytes = Data([0x00, 0xFF, 0xC3, 0x28, 0x00, 0x80, 0x0A, 0x00])
            try await store.set(bytes, forKey: "blob")
            #expect(try await store.data(forKey: "blob") == bytes)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func emptyValuesStayEmptyNotMissing(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let store = KeyValueStore(database: database)
            try await store.set("", forKey: "empty")
            #expect(try await store.string(forKey: "empty") == "")
            #expect(try await store.data(forKey: "empty") == Data())
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func settingAgainReplacesTheValue(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let store = KeyValueStore(database: database)
            try await store.set("one", forKey: "k")
            try await store.set("two", forKey: "k")
            #expect(try await store.string(forKey: "k") == "two")
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func aDeletedOrUnknownKeyHasNoValue(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let store = KeyValueStore(database: database)
            try await store.set("x", forKey: "k")
            try await store.delete(key: "k")
            try await store.delete(key: "never-set")
            #expect(try await store.string(forKey: "k") == nil)
            #expect(try await store.data(forKey: "never-set") == nil)
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func keysAreExactNotPatterns(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let store = KeyValueStore(database: database)
            try await store.set("percent", forKey: "a%")
            try await store.set("quote", forKey: "it's \"quoted\"; DROP TABLE kv; --")
            #expect(try await store.string(forKey: "ab") == nil)
            #expect(try await store.string(forKey: "it's \"quoted\"; DROP TABLE kv; --") == "quote")
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func readingNonUTF8BytesAsTextIsAnError(backend: StorageBackend) async throws {
        try await withDatabase(backend) { database async throws in
            let store = KeyValueStore(database: database)
            try await store.set(Data([0xC3, 0x28]), forKey: "bad")
            await #expect(throws: StorageError.self) {
                try await store.string(forKey: "bad")
            }
        }
    }

    @Test(arguments: StorageBackend.allCases)
    func valuesSurviveReopening(backend: StorageBackend) async throws {
        try await withFreshConfiguration(backend) { configuration async throws in
            try await withOpenDatabase(configuration) { database async throws in
                try await KeyValueStore(database: database).set("kept", forKey: "k")
            }
            try await withOpenDatabase(configuration) { database async throws in
                let value = try await KeyValueStore(database: database).string(forKey: "k")
                #expect(value == "kept")
            }
        }
    }
}
