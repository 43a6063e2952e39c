import AsyncHTTPClient
import Foundation
import Logging
import PontoonMatrix
import PontoonTestSupport
import Testing

@Suite("Homeserver client: network failures")
struct ClientTransportTests {
    @Test func refusedConnectionIsATransportErrorThatNeverReachedTheServer() async throws {
        var configuration = HTTPClient.Configuration()
        // Without this, AsyncHTTPClient itself retries connecting until its connect timeout.
        configuration.connectionPool.retryConnectionEstablishment = false
        let httpClient = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        // FreePort checks that the port can be bound and closes the socket: nothing listens there now.
        let port = try FreePort.find()
        let client = HomeserverClient(
            homeserverURL: try #require(URL(string: "http://127.0.0.1:\(port)")), asToken: FakeHomeserver.asToken,
            appserviceID: "pontoon-test", botUserID: FakeHomeserver.bot, httpClient: httpClient,
            retryPolicy: RetryPolicy(maxAttempts: 2, initialDelay: .milliseconds(1), maxDelay: .milliseconds(2)),
            logger: Logger(label: "pontoon.test.client"))
        let error = await #expect(throws: HomeserverClientError.self) {
            try await client.bot.createRoom(CreateRoomRequest())
        }
        try await httpClient.shutdown()
        guard case .transport(let endpoint, let requestSent, _) = error else {
            Issue.record("expected a transport error, got \(String(describing: error))")
            return
        }
        #expect(endpoint == "create_room")
        #expect(requestSent == false)
    }
}
