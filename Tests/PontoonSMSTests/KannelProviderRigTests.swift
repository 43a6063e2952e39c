import AsyncHTTPClient
import Foundation
import PontoonSMS
import PontoonTestSupport
import Testing

/// `KannelProvider` and `KannelWebhook` against a real Kannel 1.4.5 with fakesmsc as the carrier.
@Suite("Kannel provider against a real Kannel", .serialized, RigAvailability.kannelTrait)
struct KannelProviderRigTests {
    static let login = "+15559998888"
    static let phone = "+15550001111"

    /// The rig with the bridge's own `sms-service` snippet, its get-url on the listener.
    private func withRig<T: Sendable>(_ body: @Sendable (KannelRig, KannelTestListener) async throws -> T) async throws -> T {
        try await KannelTestListener.run { listener in
            let service = KannelSetup.smsServiceSnippet(incomingURL: listener.baseURL + "/incoming")
            return try await withKannel(smsService: service) { rig in try await body(rig, listener) }
        }
    }

    private func provider(_ rig: KannelRig, password: String? = nil) -> KannelProvider {
        KannelProvider(sendsmsURL: rig.sendsmsURL, username: rig.username, password: password ?? rig.password,
                       httpClient: HTTPClient.shared, partsPerRequest: KannelRig.maxMessages, timeout: .seconds(10))
    }

    private func text(_ body: String, reference: String, listener: KannelTestListener) -> OutgoingText {
        OutgoingText(from: Self.login, to: Self.phone, body: body, reference: reference,
                     statusURL: listener.baseURL + "/status?ref=\(reference)&to=%2B15550001111&chat=%2B15550001111")
    }

    @Test func emojiAndCyrillicArriveIntactAndAreReportedSentThenDelivered() async throws {
        try await withRig { rig, listener in
            let body = "Привет, мир 😀 — ünïcödé"
            let result = try await provider(rig).send(text(body, reference: "out.unicode1", listener: listener))
            #expect(result.messageID == "out.unicode1")

            let received = try await rig.waitForMessage { $0.text == body }
            #expect(received.from == Self.login)
            #expect(received.to == Self.phone)
            #expect(received.kind == "ucs-2")

            let delivered = try await listener.waitForRequest(path: "/status") { $0.parameters["type"] == "1" }
            let report = try KannelWebhook.deliveryReport(delivered.parameters)
            #expect(report == DeliveryReport(messageID: "out.unicode1", recipient: Self.phone, state: .delivered))
            // smsbox makes the two dlr-url requests side by side, so they may arrive in either order.
            let submitted = try await listener.waitForRequest(path: "/status") { $0.parameters["type"] == "8" }
            #expect(try KannelWebhook.deliveryReport(submitted.parameters).state == .sent)
            #expect(delivered.parameters["chat"] == Self.phone, "the bridge's own parameters come back untouched")
        }
    }

    @Test func gsmTextGoesAsGSMCoding() async throws {
        try await withRig { rig, listener in
            let body = "Hello {world} €5 @ home"
            _ = try await provider(rig).send(text(body, reference: "out.gsm1", listener: listener))
            let received = try await rig.waitForMessage { $0.kind == "text" }
            #expect(received.text == body)
        }
    }

    @Test func aTenKilobyteTextArrivesWhole() async throws {
        try await withRig { rig, listener in
            let sentence = "The quick brown fox jumps over the lazy dog. "
            let body = String(repeating: sentence, count: 10_000 / sentence.count + 1)
            _ = try await provider(rig).send(text(body, reference: "out.long1", listener: listener))
            let pieces = (10_000 / (KannelRig.maxMessages * 153)) + 1
            let deadline = ContinuousClock.now + .seconds(30)
            while rig.messages.count < pieces, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(100)) }
            let received = rig.messages
            #expect(received.map(\.text).joined() == body, "\(rig.log().suffix(1500))")
            #expect(received.allSatisfy { $0.parts <= KannelRig.maxMessages })
        }
    }

    @Test func anInjectedTextReachesTheGetURL() async throws {
        try await withRig { rig, listener in
            try rig.inject(from: Self.phone, to: Self.login, text: "hello from a phone")
            let request = try await listener.waitForRequest(path: "/incoming")
            let incoming = try KannelWebhook.incoming(request.parameters)
            #expect(incoming.from == Self.phone)
            #expect(incoming.to == Self.login)
            #expect(incoming.body == "hello from a phone")
            #expect(UUID(uuidString: incoming.messageID) != nil, "%I is Kannel's message UUID: \(incoming.messageID)")
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            #expect(abs((incoming.timestamp ?? 0) - now) < 120_000)
        }
    }

    @Test func anInjectedUnicodeTextArrivesIntact() async throws {
        try await withRig { rig, listener in
            try rig.inject(from: Self.phone, to: Self.login, text: "Привет 😀 é")
            let request = try await listener.waitForRequest(path: "/incoming")
            let incoming = try KannelWebhook.incoming(request.parameters)
            #expect(incoming.body == "Привет 😀 é")
        }
    }

    @Test func twoInjectedTextsHaveDifferentIDs() async throws {
        try await withRig { rig, listener in
            try rig.inject(from: Self.phone, to: Self.login, text: "one")
            _ = try await listener.waitForRequest(path: "/incoming")
            try rig.inject(from: Self.phone, to: Self.login, text: "two")
            _ = try await listener.waitForRequest(path: "/incoming") { $0.parameters["text"] == "two" }
            let ids = try listener.requests(path: "/incoming").map { try KannelWebhook.incoming($0.parameters).messageID }
            #expect(Set(ids).count == 2)
        }
    }

    @Test func aWrongPasswordIsRefusedForGood() async throws {
        try await withRig { rig, listener in
            let wrong = "not-the-password-42"
            let error = try await #require(throws: SMSProviderError.self) {
                try await provider(rig, password: wrong).send(text("hi", reference: "out.auth1", listener: listener))
            }
            #expect(!error.isTransient)
            #expect(error.userMessage.contains("user name or password"))
            #expect(!error.userMessage.contains(wrong))
            #expect(rig.messages.isEmpty)
        }
    }

    @Test func aStoppedSmsboxIsATransientFailure() async throws {
        try await withRig { rig, listener in
            await rig.stopSMSBox()
            let error = try await #require(throws: SMSProviderError.self) {
                try await provider(rig).send(text("hi", reference: "out.down1", listener: listener))
            }
            #expect(error.isTransient)
            #expect(error.userMessage.contains("127.0.0.1:\(rig.ports.sendsms)"))
            #expect(!error.userMessage.contains(rig.password))
        }
    }
    @Test func aRestartKeepsTheLoginAndTakesTheNewService() async throws {
        try await KannelTestListener.run { listener in
            try await withKannel { rig in
                let sendsms = rig.sendsmsURL
                try await rig.restart(smsService: KannelSetup.smsServiceSnippet(incomingURL: listener.baseURL + "/after"))
                #expect(rig.sendsmsURL == sendsms)
                _ = try await provider(rig).send(text("still here", reference: "out.restart1", listener: listener))
                _ = try await rig.waitForMessage { $0.text == "still here" }
                try rig.inject(from: Self.phone, to: Self.login, text: "after restart")
                let request = try await listener.waitForRequest(path: "/after")
                #expect(try KannelWebhook.incoming(request.parameters).body == "after restart")
            }
        }
    }
}
