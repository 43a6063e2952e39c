import Foundation
import PontoonMatrix
import Testing

@Suite("Homeserver client: appservice ping")
struct ClientPingTests {
    @Test func successfulPingReturnsTheDuration() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .json(.ok, #"{"duration_ms":4}"#) }) { client, log in
            let duration = try await client.ping(transactionID: "startup-1")
            #expect(duration == 4)
            #expect(log.requests.first?.rawPath == "/_matrix/client/v1/appservice/pontoon-test/ping")
            #expect(log.requests.first?.jsonBody == ["transaction_id": "startup-1"])
        }
    }

    @Test func bridgeRejectingTheHsTokenIsBadStatusPointingAtAnOutdatedRegistration() async throws {
        let body = #"{"body":"{\"errcode\": \"M_FORBIDDEN\"}","errcode":"M_BAD_STATUS","error":"HTTP 403 Forbidden","status":403}"#
        try await FakeHomeserver.run(reply: { _, _ in .json(.badGateway, body) }) { client, log in
            let failure = await #expect(throws: PingFailure.self) { try await client.ping() }
            #expect(failure == .badStatus(status: 403, body: #"{"errcode": "M_FORBIDDEN"}"#))
            #expect(failure?.explanation().contains("registration file installed in the homeserver is out of date") == true)
            #expect(log.count == 1)
        }
    }

    @Test func unreachableBridgeNamesTheAddressToCheck() async throws {
        let body = #"{"errcode":"M_CONNECTION_FAILED","error":"ConnectionRefusedError: Connection refused."}"#
        try await FakeHomeserver.run(reply: { _, _ in .json(.badGateway, body) }) { client, log in
            let failure = await #expect(throws: PingFailure.self) { try await client.ping() }
            let explanation = failure?.explanation(bridgeURL: "http://bridge:29330") ?? ""
            #expect(explanation.contains("http://bridge:29330"))
            #expect(explanation.contains("appservice.address"))
            #expect(log.count == 1)
        }
    }

    @Test func documentedPingErrorsMapToTheirFailures() async throws {
        let cases: [(FakeReply, PingFailure)] = [
            (.matrixError(.forbidden, "M_FORBIDDEN", "Mismatching application service ID in path"),
             .forbidden(message: "Mismatching application service ID in path")),
            (.matrixError(.badRequest, "M_URL_NOT_SET", "Application service URL is not set"), .urlNotSet),
            (.matrixError(.gatewayTimeout, "M_CONNECTION_TIMEOUT", "Timeout"), .connectionTimeout),
            (.matrixError(.unauthorized, "M_UNKNOWN_TOKEN", "Unrecognised access token"), .unknownToken),
        ]
        for (reply, expected) in cases {
            try await FakeHomeserver.run(reply: { _, _ in reply }) { client, _ in
                let failure = await #expect(throws: PingFailure.self) { try await client.ping() }
                #expect(failure == expected)
            }
        }
    }

    @Test func undocumentedPingErrorStaysAMatrixError() async throws {
        try await FakeHomeserver.run(reply: { _, _ in .matrixError(.badRequest, "M_BAD_JSON", "nope") }) { client, _ in
            let error = await #expect(throws: MatrixError.self) { try await client.ping() }
            #expect(error?.errcode == "M_BAD_JSON")
        }
    }
}
