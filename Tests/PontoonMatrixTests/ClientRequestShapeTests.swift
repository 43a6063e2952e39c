import Foundation
import Logging
import PontoonMatrix
import Testing

/// What the homeserver sees on the wire: paths, query parameters, authentication.
@Suite("Homeserver client: request shape")
struct ClientRequestShapeTests {
    static let sent = FakeReply.json(.ok, #"{"event_id":"$sent"}"#)

    @Test func roomIDsAndTransactionIDsArePercentEncodedInThePath() async throws {
        try await FakeHomeserver.run(reply: { _, _ in Self.sent }) { client, log in
            _ = try await client.bot.sendMessageEvent(
                to: "!abc:example.org", type: "m.room.message", content: ["body": "hi"], transactionID: "t/1+2 3")
            #expect(log.requests.first?.rawPath == "/_matrix/client/v3/rooms/%21abc%3Aexample.org/send/m.room.message/t%2F1%2B2%203")
        }
    }

    @Test func aliasesWithHashesArePercentEncoded() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"room_id":"!r:example.org","servers":[]}"#) }) { client, log in
            let room = try await client.bot.resolveAlias("#irc_#chan:example.org")
            #expect(room == "!r:example.org")
            #expect(log.requests.first?.rawPath == "/_matrix/client/v3/directory/room/%23irc_%23chan%3Aexample.org")
        }
    }

    @Test func eventIDsWithSlashAndPlusArePercentEncoded() async throws {
        try await FakeHomeserver.run(reply: { _, _ in Self.sent }) { client, log in
            _ = try await client.bot.redact("$ab/c+d=", in: "!room", reason: "spam", transactionID: "txn1")
            #expect(log.requests.first?.rawPath == "/_matrix/client/v3/rooms/%21room/redact/%24ab%2Fc%2Bd%3D/txn1")
            #expect(log.requests.first?.jsonBody == ["reason": "spam"])
        }
    }

    @Test func emptyStateKeyEndsThePathWithASlash() async throws {
        try await FakeHomeserver.run(reply: { _, _ in Self.sent }) { client, log in
            _ = try await client.bot.sendStateEvent(to: "!room", type: "m.room.name", content: ["name": "Portal"])
            #expect(log.requests.first?.rawPath == "/_matrix/client/v3/rooms/%21room/state/m.room.name/")
        }
    }

    @Test func ghostRequestsCarryUserIDAndTimestamp() async throws {
        try await FakeHomeserver.run(reply: { _, _ in Self.sent }) { client, log in
            _ = try await client.intent(for: FakeHomeserver.ghost).sendMessageEvent(
                to: "!room", type: "m.room.message", content: ["body": "hi"], timestamp: 1_600_000_000_000)
            let request = try #require(log.requests.first)
            #expect(request.queryValues("user_id") == ["@irc_alice:example.org"])
            #expect(request.queryValues("ts") == ["1600000000000"])
            #expect(request.rawQuery.contains("user_id=%40irc_alice%3Aexample.org"))
        }
    }

    @Test func ghostWithADeviceCarriesDeviceID() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"user_id":"@irc_alice:example.org","device_id":"GHOSTDEV","is_guest":false}"#) }) { client, log in
            let whoami = try await client.intent(for: FakeHomeserver.ghost).withDevice("GHOSTDEV").whoami()
            #expect(whoami == WhoAmI(userID: FakeHomeserver.ghost, deviceID: "GHOSTDEV", isGuest: false))
            #expect(log.requests.first?.queryValues("device_id") == ["GHOSTDEV"])
        }
    }

    @Test func botRequestsCarryNoUserID() async throws {
        try await FakeHomeserver.run(reply: { _, _ in Self.sent }) { client, log in
            _ = try await client.bot.sendMessageEvent(to: "!room", type: "m.room.message", content: ["body": "hi"])
            #expect(log.requests.first?.queryValues("user_id") == [])
        }
    }

    @Test func tokenIsSentInTheAuthorizationHeaderAndNeverInTheQuery() async throws {
        try await FakeHomeserver.run(reply: { _, _ in Self.sent }) { client, log in
            _ = try await client.intent(for: FakeHomeserver.ghost).sendMessageEvent(
                to: "!room", type: "m.room.message", content: ["body": "hi"])
            let request = try #require(log.requests.first)
            #expect(request.headers[.authorization] == "Bearer \(FakeHomeserver.asToken)")
            #expect(request.queryValues("access_token") == [])
            #expect(!request.rawQuery.contains(FakeHomeserver.asToken))
        }
    }

    @Test func tokenNeverAppearsInLogsEvenAtTraceLevel() async throws {
        let capture = CapturedLogs()
        var logger = Logger(label: "pontoon.test.client", factory: { _ in capture.handler() })
        logger.logLevel = .trace
        try await FakeHomeserver.run(logger: logger, reply: { _, index in
            index == 0 ? .matrixError(.serviceUnavailable, "M_UNKNOWN") : Self.sent
        }) { client, _ in
            _ = try await client.bot.sendMessageEvent(to: "!room", type: "m.room.message", content: ["body": "secret text"])
        }
        let lines = capture.lines
        #expect(!lines.isEmpty)
        #expect(!lines.contains { $0.contains(FakeHomeserver.asToken) })
        #expect(!lines.contains { $0.contains("secret text") })
    }

    @Test func sentJSONContentArrivesUnchanged() async throws {
        try await FakeHomeserver.run(reply: { _, _ in Self.sent }) { client, log in
            let content: JSONValue = ["msgtype": "m.text", "body": "a/b \"quoted\" ünïcode", "n": 3]
            _ = try await client.bot.sendMessageEvent(to: "!room", type: "m.room.message", content: content)
            #expect(log.requests.first?.jsonBody == content)
            #expect(log.requests.first?.headers[.contentType] == "application/json")
        }
    }
}
