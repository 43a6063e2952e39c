import Foundation
import PontoonMatrix
import Testing

/// Failure paths a real Synapse can't be made to produce on demand: which errors are retried,
/// how often, and what the caller finally sees.
@Suite("Homeserver client: retries")
struct ClientRetryTests {
    static let room: RoomID = "!portal:example.org"
    static let sent = FakeReply.json(.ok, #"{"event_id":"$sent"}"#)

    @Test func rateLimitedSendIsRetriedAfterRetryAfterMsAndSucceeds() async throws {
        try await FakeHomeserver.run(reply: { _, index in
            index == 0
                ? .json(.tooManyRequests, #"{"errcode":"M_LIMIT_EXCEEDED","error":"Too many","retry_after_ms":5}"#)
                : Self.sent
        }) { client, log in
            let eventID = try await client.bot.sendMessageEvent(to: Self.room, type: "m.room.message", content: ["body": "hi"])
            #expect(eventID == "$sent")
            #expect(log.count == 2)
        }
    }

    @Test func rateLimitedSendWaitsAtLeastRetryAfterMs() async throws {
        let policy = RetryPolicy(maxAttempts: 3, initialDelay: .milliseconds(1), maxDelay: .seconds(5), jitter: .none)
        try await FakeHomeserver.run(retryPolicy: policy, reply: { _, index in
            index == 0
                ? .json(.tooManyRequests, #"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":200}"#)
                : Self.sent
        }) { client, _ in
            let started = ContinuousClock.now
            _ = try await client.bot.sendMessageEvent(to: Self.room, type: "m.room.message", content: ["body": "hi"])
            #expect(ContinuousClock.now - started >= .milliseconds(200))
        }
    }

    @Test func rateLimitWithOnlyARetryAfterHeaderIsRetried() async throws {
        try await FakeHomeserver.run(reply: { _, index in
            index == 0
                ? FakeReply(status: .tooManyRequests, body: "slow down", headers: [.retryAfter: "0"])
                : Self.sent
        }) { client, log in
            _ = try await client.bot.sendMessageEvent(to: Self.room, type: "m.room.message", content: ["body": "hi"])
            #expect(log.count == 2)
        }
    }

    @Test func serviceUnavailableTwiceThenSuccessReturnsTheEvent() async throws {
        try await FakeHomeserver.run(reply: { _, index in
            index < 2 ? .matrixError(.serviceUnavailable, "M_UNKNOWN", "restarting") : Self.sent
        }) { client, log in
            let eventID = try await client.bot.sendMessageEvent(to: Self.room, type: "m.room.message", content: ["body": "hi"])
            #expect(eventID == "$sent")
            #expect(log.count == 3)
        }
    }

    @Test func retriedSendReusesTheSameTransactionID() async throws {
        try await FakeHomeserver.run(reply: { _, index in
            index < 2 ? .matrixError(.badGateway, "M_UNKNOWN") : Self.sent
        }) { client, log in
            _ = try await client.bot.sendMessageEvent(to: Self.room, type: "m.room.message", content: ["body": "hi"])
            #expect(Set(log.requests.map(\.rawPath)).count == 1)
        }
    }

    @Test func internalErrorForeverGivesUpAfterMaxAttemptsWithTheLastError() async throws {
        let policy = RetryPolicy(maxAttempts: 4, initialDelay: .milliseconds(1), maxDelay: .milliseconds(5), jitter: .full)
        try await FakeHomeserver.run(retryPolicy: policy, reply: { _, index in
            .matrixError(.internalServerError, "M_UNKNOWN", "failure \(index + 1)")
        }) { client, log in
            let error = await #expect(throws: MatrixError.self) {
                try await client.bot.sendMessageEvent(to: Self.room, type: "m.room.message", content: ["body": "hi"])
            }
            #expect(error?.statusCode == 500)
            #expect(error?.message == "failure 4")
            #expect(log.count == 4)
        }
    }

    @Test func forbiddenIsThrownAtOnceAfterOneRequest() async throws {
        try await FakeHomeserver.run(reply: { _, _ in
            .matrixError(.forbidden, "M_FORBIDDEN", "Application service cannot masquerade as this user")
        }) { client, log in
            let error = await #expect(throws: MatrixError.self) {
                try await client.intent(for: FakeHomeserver.ghost).join("!portal:example.org")
            }
            #expect(error?.errcode == "M_FORBIDDEN")
            #expect(error?.message == "Application service cannot masquerade as this user")
            #expect(log.count == 1)
        }
    }

    @Test func nonJSONBadGatewayBecomesMUnknownWithItsStatus() async throws {
        try await FakeHomeserver.run(
            retryPolicy: .never,
            reply: { _, _ in FakeReply(status: .badGateway, body: "<html>502 Bad Gateway</html>", headers: [.contentType: "text/html"]) }
        ) { client, _ in
            let error = await #expect(throws: MatrixError.self) { try await client.bot.whoami() }
            #expect(error?.statusCode == 502)
            #expect(error?.errcode == "M_UNKNOWN")
            #expect(error?.body == nil)
        }
    }

    @Test func createRoomIsNotRepeatedAfterAServerError() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .matrixError(.badGateway, "M_UNKNOWN") }) { client, log in
            await #expect(throws: MatrixError.self) { try await client.bot.createRoom(CreateRoomRequest(name: "Portal")) }
            #expect(log.count == 1)
        }
    }

    @Test func createRoomIsRepeatedAfterARateLimit() async throws {
        try await FakeHomeserver.run(reply: { _, index in
            index == 0
                ? .json(.tooManyRequests, #"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1}"#)
                : .json(.ok, #"{"room_id":"!created"}"#)
        }) { client, log in
            let room = try await client.bot.createRoom(CreateRoomRequest(name: "Portal"))
            #expect(room == "!created")
            #expect(log.count == 2)
        }
    }

    @Test func uploadIsNotRepeatedAfterAServerError() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .matrixError(.serviceUnavailable, "M_UNKNOWN") }) { client, log in
            await #expect(throws: MatrixError.self) {
                try await client.bot.upload(Data("file".utf8), contentType: "text/plain", filename: "a.txt")
            }
            #expect(log.count == 1)
        }
    }

    @Test func successWithAnInvalidBodyIsAnInvalidResponseAndNotRetried() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"event_id":"not-an-event-id"}"#) }) { client, log in
            let error = await #expect(throws: HomeserverClientError.self) {
                try await client.bot.sendMessageEvent(to: Self.room, type: "m.room.message", content: ["body": "hi"])
            }
            guard case .invalidResponse(let endpoint, _) = error else {
                Issue.record("expected invalidResponse, got \(String(describing: error))")
                return
            }
            #expect(endpoint == "send")
            #expect(log.count == 1)
        }
    }
}
