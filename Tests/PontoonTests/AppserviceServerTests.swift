import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
@testable import Pontoon
import PontoonMatrix
import Testing

@Suite("Appservice server: authentication, errors and durable transactions")
struct AppserviceServerTests {
    @Test func transactionWithoutTokenIsRejected401() async throws {
        try await AppserviceTestApp().run { client, _ in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, body: TransactionFixtures.body([]))
            #expect(response.status == .unauthorized)
            #expect(response.errcode == "M_UNAUTHORIZED")
        }
    }

    @Test func transactionWithWrongTokenIsRejected403() async throws {
        try await AppserviceTestApp().run { client, _ in
            let response = try await client.execute(
                uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .bearer("wrong"), body: TransactionFixtures.body([]))
            #expect(response.status == .forbidden)
            #expect(response.errcode == "M_FORBIDDEN")
        }
    }

    @Test func tokenThatIsAPrefixOfTheRealOneIsRejected() async throws {
        try await AppserviceTestApp().run { client, _ in
            let prefix = String(AppserviceTestApp.hsToken.dropLast())
            let response = try await client.execute(
                uri: "/_matrix/app/v1/users/@echo_a:example.org", method: .get, headers: .bearer(prefix))
            #expect(response.status == .forbidden)
        }
    }

    @Test func legacyQueryTokenIsAcceptedButMustMatchTheHeader() async throws {
        try await AppserviceTestApp().run { client, _ in
            let legacy = try await client.execute(
                uri: "/_matrix/app/v1/transactions/1?access_token=\(AppserviceTestApp.hsToken)", method: .put, body: TransactionFixtures.body([]))
            #expect(legacy.status == .ok)
            let mixed = try await client.execute(
                uri: "/_matrix/app/v1/transactions/2?access_token=other", method: .put, headers: .authorized, body: TransactionFixtures.body([]))
            #expect(mixed.status == .forbidden)
        }
    }

    @Test func malformedJSONIs400NotJSON() async throws {
        try await AppserviceTestApp().run { client, _ in
            for garbage in ["{\"events\": [", "not json", "\u{0}\u{1}\u{2}", "{\"events\":[]}}"] {
                let response = try await client.execute(
                    uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .authorized, body: ByteBuffer(string: garbage))
                #expect(response.status == .badRequest)
                #expect(response.errcode == "M_NOT_JSON")
            }
        }
    }

    @Test func jsonThatIsNotATransactionIs400BadJSON() async throws {
        try await AppserviceTestApp().run { client, _ in
            for body in ["[1,2,3]", "\"events\"", "{\"events\": \"nope\"}", "42"] {
                let response = try await client.execute(
                    uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .authorized, body: ByteBuffer(string: body))
                #expect(response.status == .badRequest, "\(body)")
                #expect(response.errcode == "M_BAD_JSON", "\(body)")
            }
        }
    }

    @Test func bodyOverTheLimitIs413TooLarge() async throws {
        try await AppserviceTestApp(maxBodySize: 4096).run { client, _ in
            let big = TransactionFixtures.body([TransactionFixtures.message(1, body: String(repeating: "x", count: 8192))])
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .authorized, body: big)
            #expect(response.status == .contentTooLarge)
            #expect(response.errcode == "M_TOO_LARGE")
        }
    }

    @Test func tenMegabyteTransactionIsStoredAndEveryEventHandled() async throws {
        let app = AppserviceTestApp()
        try await app.run { client, _ in
            let events = (0..<100).map { TransactionFixtures.message($0, body: String(repeating: "é", count: 50_000)) }
            let body = TransactionFixtures.body(events)
            #expect(body.readableBytes >= 10_000_000)
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/big", method: .put, headers: .authorized, body: body)
            #expect(response.status == .ok)
        }
        #expect(app.handler.events.count == 100)
        #expect(app.handler.events.last?.eventID == "$event99")
    }

    @Test func unknownPathsAnswer404Unrecognized() async throws {
        try await AppserviceTestApp().run { client, _ in
            for (uri, method) in [("/_matrix/app/v1/nonsense", HTTPRequest.Method.get), ("/_matrix/app/v1/transactions/1", .get),
                                  ("/_matrix/app/v2/transactions/1", .put), ("/transactions/1", .put), ("/", .get)] {
                let response = try await client.execute(uri: uri, method: method, headers: .authorized)
                #expect(response.status == .notFound, "\(method) \(uri)")
                #expect(response.errcode == "M_UNRECOGNIZED", "\(method) \(uri)")
            }
        }
    }

    @Test func everySuccessHasAJSONBody() async throws {
        let queries = FixedQueries(users: ["@echo_bob:example.org"], aliases: ["#echo_room:example.org"])
        try await AppserviceTestApp(queries: queries).run { client, _ in
            let responses = [
                try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .authorized, body: TransactionFixtures.body([])),
                try await client.execute(uri: "/_matrix/app/v1/users/%40echo_bob%3Aexample.org", method: .get, headers: .authorized),
                try await client.execute(uri: "/_matrix/app/v1/rooms/%23echo_room%3Aexample.org", method: .get, headers: .authorized),
                try await client.execute(uri: "/_matrix/app/v1/ping", method: .post, headers: .authorized, body: ByteBuffer(string: "{}")),
            ]
            for response in responses {
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
                #expect(try response.json() == .object([:]))
            }
        }
    }

    @Test func unknownEventTypesAndFieldsReachTheBridgeIntact() async throws {
        let app = AppserviceTestApp()
        let custom: JSONValue = [
            "type": "com.example.custom", "event_id": "$custom", "room_id": "!r:example.org", "sender": "@a:example.org",
            "content": ["nested": ["deep": [1, 2.5, "three", nil, true]]], "com.example.top_level": "kept",
        ]
        try await app.run { client, _ in
            let response = try await client.execute(
                uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .authorized, body: TransactionFixtures.body([custom]))
            #expect(response.status == .ok)
        }
        let event = try #require(app.handler.events.first)
        #expect(event.type == "com.example.custom")
        #expect(event.raw == custom)
    }

    @Test func eventsWithMissingOrWrongFieldsDoNotSinkTheTransaction() async throws {
        let app = AppserviceTestApp()
        let broken: [JSONValue] = [
            ["event_id": "$notype", "content": [:]],
            ["type": 42, "content": [:]],
            "not an object",
            ["type": "m.room.message", "sender": 17, "room_id": ["no"], "content": "text"],
            TransactionFixtures.message(1),
        ]
        try await app.run { client, _ in
            let response = try await client.execute(
                uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .authorized, body: TransactionFixtures.body(broken))
            #expect(response.status == .ok)
        }
        #expect(app.handler.events.contains { $0.eventID == "$event1" })
    }

    @Test func replayedTransactionIsAnsweredButHandledOnce() async throws {
        let app = AppserviceTestApp()
        try await app.run { client, dispatcher in
            for _ in 0..<3 {
                let response = try await client.execute(
                    uri: "/_matrix/app/v1/transactions/7", method: .put, headers: .authorized,
                    body: TransactionFixtures.body([TransactionFixtures.message(1)]))
                #expect(response.status == .ok)
                #expect(try response.json() == .object([:]))
                try await dispatcher.drain()
            }
        }
        #expect(app.handler.events.count == 1)
    }

    @Test func replayedTransactionAfterARestartIsIgnored() async throws {
        let first = AppserviceTestApp()
        try await first.run { client, _ in
            _ = try await client.execute(uri: "/_matrix/app/v1/transactions/42", method: .put, headers: .authorized,
                                         body: TransactionFixtures.body([TransactionFixtures.message(1)]))
        }
        #expect(first.handler.events.count == 1)
        let restarted = AppserviceTestApp(databasePath: first.databasePath)
        try await restarted.run { client, _ in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/42", method: .put, headers: .authorized,
                                                    body: TransactionFixtures.body([TransactionFixtures.message(1)]))
            #expect(response.status == .ok)
            #expect(try response.json() == .object([:]))
        }
        #expect(restarted.handler.events.isEmpty)
    }

    @Test func answeredTransactionSurvivesACrashBeforeHandling() async throws {
        let crashed = AppserviceTestApp()
        try await crashed.run(dispatching: false) { client, _ in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/9", method: .put, headers: .authorized,
                                                    body: TransactionFixtures.body((0..<5).map { TransactionFixtures.message($0) }))
            #expect(response.status == .ok)
        }
        #expect(crashed.handler.events.isEmpty)
        let restarted = AppserviceTestApp(databasePath: crashed.databasePath)
        try await restarted.run { _, _ in }
        #expect(restarted.handler.events.map(\.eventID) == (0..<5).map { EventID(rawValue: "$event\($0)") })
    }

    @Test func deliveriesNotCompletedBeforeACrashAreHandedOverAgain() async throws {
        let crashed = AppserviceTestApp(completes: false)
        try await crashed.run { client, dispatcher in
            _ = try await client.execute(uri: "/_matrix/app/v1/transactions/5", method: .put, headers: .authorized,
                                         body: TransactionFixtures.body((0..<3).map { TransactionFixtures.message($0) }))
            try await dispatcher.drain()
            try await dispatcher.drain() // handed out once per run, however often it drains
        }
        #expect(crashed.handler.events.count == 3)
        let restarted = AppserviceTestApp(databasePath: crashed.databasePath)
        try await restarted.run { _, _ in }
        #expect(restarted.handler.events.map(\.eventID) == (0..<3).map { EventID(rawValue: "$event\($0)") })
        let afterThat = AppserviceTestApp(databasePath: crashed.databasePath)
        try await afterThat.run { _, _ in }
        #expect(afterThat.handler.events.isEmpty)
    }

    @Test func oversizedTransactionIDIsRejected() async throws {
        try await AppserviceTestApp().run { client, _ in
            let response = try await client.execute(
                uri: "/_matrix/app/v1/transactions/\(String(repeating: "9", count: 300))", method: .put, headers: .authorized,
                body: TransactionFixtures.body([]))
            #expect(response.status == .badRequest)
        }
    }

    @Test func userAndAliasQueriesFollowTheHandler() async throws {
        let queries = FixedQueries(users: ["@echo_bob:example.org"], aliases: ["#echo_#chan:example.org"])
        try await AppserviceTestApp(queries: queries).run { client, _ in
            let known = try await client.execute(uri: "/_matrix/app/v1/users/%40echo_bob%3Aexample.org", method: .get, headers: .authorized)
            #expect(known.status == .ok)
            let unknown = try await client.execute(uri: "/_matrix/app/v1/users/%40echo_zed%3Aexample.org", method: .get, headers: .authorized)
            #expect(unknown.status == .notFound)
            #expect(unknown.errcode == "M_NOT_FOUND")
            let invalid = try await client.execute(uri: "/_matrix/app/v1/users/not-a-user", method: .get, headers: .authorized)
            #expect(invalid.status == .notFound)
            let alias = try await client.execute(uri: "/_matrix/app/v1/rooms/%23echo_%23chan%3Aexample.org", method: .get, headers: .authorized)
            #expect(alias.status == .ok)
        }
    }

    @Test func pingReportsTheTransactionID() async throws {
        let app = AppserviceTestApp()
        try await app.run { client, _ in
            let response = try await client.execute(uri: "/_matrix/app/v1/ping", method: .post, headers: .authorized,
                                                    body: ByteBuffer(string: #"{"transaction_id":"abc"}"#))
            #expect(response.status == .ok)
            let bad = try await client.execute(uri: "/_matrix/app/v1/ping", method: .post, headers: .authorized, body: ByteBuffer(string: "{"))
            #expect(bad.errcode == "M_NOT_JSON")
        }
        #expect(app.queries.pingIDs == ["abc"])
    }

    @Test func thirdPartyLookupsAnswerListsOr404() async throws {
        try await AppserviceTestApp().run { client, _ in
            let proto = try await client.execute(uri: "/_matrix/app/v1/thirdparty/protocol/echo", method: .get, headers: .authorized)
            #expect(proto.status == .ok)
            #expect(try proto.json()["instances"] == .array([]))
            let users = try await client.execute(uri: "/_matrix/app/v1/thirdparty/user/echo?name=bob", method: .get, headers: .authorized)
            #expect(try users.json().arrayValue?.first?["userid"] == "@echo_bob:example.org")
            let unknown = try await client.execute(uri: "/_matrix/app/v1/thirdparty/protocol/irc", method: .get, headers: .authorized)
            #expect(unknown.status == .notFound)
            let reverse = try await client.execute(uri: "/_matrix/app/v1/thirdparty/user?userid=%40bob%3Aexample.org", method: .get, headers: .authorized)
            #expect(try reverse.json() == .array([]))
        }
    }

    @Test func e2eeOnlyTransactionReachesTheBridgeAsDeviceState() async throws {
        let app = AppserviceTestApp()
        let extras: [String: JSONValue] = [
            "org.matrix.msc3202.device_lists": ["changed": ["@echo_ghost:example.org"], "left": []],
            "org.matrix.msc3202.device_one_time_keys_count": ["@bot:example.org": ["BOTDEV": ["signed_curve25519": 4]]],
            "de.sorunome.msc2409.to_device": [[
                "type": "m.room.encrypted", "sender": "@alice:example.org", "to_user_id": "@bot:example.org", "to_device_id": "BOTDEV",
                "content": ["algorithm": "m.olm.v1.curve25519-aes-sha2", "sender_key": "abc", "ciphertext": [:]],
            ]],
        ]
        try await app.run { client, _ in
            let response = try await client.execute(uri: "/_matrix/app/v1/transactions/1", method: .put, headers: .authorized,
                                                    body: TransactionFixtures.body([], extra: extras))
            #expect(response.status == .ok)
        }
        var sawToDevice = false
        var sawState = false
        for item in app.handler.items {
            if case .toDevice(let message) = item { sawToDevice = message.toDeviceID == "BOTDEV" }
            if case .deviceState(let state) = item {
                sawState = state.oneTimeKeyCounts[UserID(rawValue: "@bot:example.org")!]?["BOTDEV"]?["signed_curve25519"] == 4
            }
        }
        #expect(sawToDevice)
        #expect(sawState)
    }
}
