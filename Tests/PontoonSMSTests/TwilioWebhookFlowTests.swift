import AsyncHTTPClient
@testable import PontoonSMS
import PontoonTestSupport
import Testing

/// The fake Twilio posting status callbacks and incoming messages to a listener that validates
/// and parses them as the bridge does.
@Suite("Twilio webhooks from the fake Twilio")
struct TwilioWebhookFlowTests {
    static let number = TwilioProviderTests.number
    static let phone = TwilioProviderTests.phone
    static let unreachable = "+14155550199"

    static func run(_ body: (FakeTwilio, TwilioTestListener, TwilioProvider) async throws -> Void) async throws {
        try await withFakeTwilio(.init(unreachable: [unreachable])) { fake in
            try await TwilioTestListener.run(authToken: fake.authToken) { listener in
                try await body(fake, listener, TwilioProviderTests.provider(fake))
            }
        }
    }

    @Test func statusCallbacksArriveSignedAsSentThenDelivered() async throws {
        try await Self.run { fake, listener, provider in
            var text = TwilioProviderTests.text("hello")
            text.statusURL = listener.statusURL(reference: "evt-1")
            let result = try await provider.send(text)
            let callbacks = try await listener.waitForValid(2, path: "/twilio/status")
            #expect(callbacks.map(\.report) == [
                DeliveryReport(messageID: result.messageID, recipient: Self.phone, state: .sent),
                DeliveryReport(messageID: result.messageID, recipient: Self.phone, state: .delivered),
            ])
            let sent = try await fake.waitForCallbacks(2)
            #expect(sent.map(\.status) == [200, 200])
            #expect(sent.first?["AccountSid"] == fake.accountSID)
        }
    }

    @Test func anUnreachableRecipientFailsWithTheReason() async throws {
        try await Self.run { _, listener, provider in
            var text = TwilioProviderTests.text("are you there?", to: Self.unreachable)
            text.statusURL = listener.statusURL(reference: "evt-2")
            let result = try await provider.send(text)
            let callbacks = try await listener.waitForValid(2, path: "/twilio/status")
            #expect(callbacks.map(\.report?.state) == [.sent, .failed(reason: TwilioErrorCodes.reason(for: 30003))])
            #expect(callbacks.last?.report?.messageID == result.messageID)
            #expect(callbacks.last?.form["ErrorCode"] == "30003")
        }
    }

    @Test func noStatusCallbackIsSentWhenNoneWasAsked() async throws {
        try await Self.run { fake, listener, provider in
            _ = try await provider.send(TwilioProviderTests.text("quiet"))
            try await Task.sleep(for: .milliseconds(150))
            #expect(listener.requests.isEmpty && fake.callbacks.isEmpty)
        }
    }

    @Test func anInboundMMSArrivesWithBothMediaAndTheMediaDownloads() async throws {
        try await Self.run { fake, listener, provider in
            let picture: [UInt8] = Array("JFIF picture".utf8)
            let clip: [UInt8] = Array("mp4 clip".utf8)
            let answer = try await fake.sendInbound(to: listener.incomingURL, from: Self.phone, to: Self.number, body: "look 😀",
                                                    media: [(picture, "image/jpeg"), (clip, "video/mp4")])
            #expect(answer.status == 200)
            #expect(answer.body == TwilioWebhook.emptyTwiML)
            let text = try #require(listener.requests.first?.incoming)
            #expect(text.messageID.hasPrefix("MM"))
            #expect((text.from, text.to, text.body) == (Self.phone, Self.number, "look 😀"))
            #expect(text.media.map(\.contentType) == ["image/jpeg", "video/mp4"])
            #expect(try await provider.fetchMedia(text.media[0], maxBytes: 1000).data == picture)
            #expect(try await provider.fetchMedia(text.media[1], maxBytes: 1000).data == clip)
        }
    }

    @Test func theFakeSendsEveryParameterTwilioSends() async throws {
        try await withFakeTwilio { fake in
            let inbound = fake.makeInbound(to: "https://bridge.example.org/hook", from: Self.phone, to: Self.number, body: "hi")
            let names = Set(inbound.parameters.map(\.name))
            #expect(names.isSuperset(of: ["ToCountry", "ToState", "SmsMessageSid", "NumMedia", "ToCity", "FromZip", "SmsSid", "FromState",
                                          "SmsStatus", "FromCity", "Body", "FromCountry", "To", "ToZip", "NumSegments", "MessageSid",
                                          "AccountSid", "From", "ApiVersion"]))
            // The fake's own signing agrees with the bridge's validator.
            let form = FormParameters(parsing: inbound.body)
            #expect(TwilioWebhook.validate(url: inbound.url, form: form, signature: inbound.signature, authToken: fake.authToken))
        }
    }

    @Test func unsignedForgedAndGarbageSignaturesAreRefused() async throws {
        try await Self.run { fake, listener, _ in
            for signing in [FakeTwilioSigning.unsigned, .forged, .garbage] {
                let answer = try await fake.sendInbound(to: listener.incomingURL, from: Self.phone, to: Self.number, body: "x", signing: signing)
                #expect(answer.status == 403, "\(signing)")
            }
            #expect(listener.requests.allSatisfy { !$0.signatureValid && $0.incoming == nil })
        }
    }

    @Test func aTamperedFormIsRefused() async throws {
        try await Self.run { fake, listener, _ in
            var inbound = fake.makeInbound(to: listener.incomingURL, from: Self.phone, to: Self.number, body: "pay alice")
            inbound.set("Body", "pay mallory")
            let changed = try await fake.post(inbound)
            #expect(changed.status == 403)
            var added = fake.makeInbound(to: listener.incomingURL, from: Self.phone, to: Self.number, body: "hi")
            added.set("MediaUrl0", "https://evil.example/x")
            let extra = try await fake.post(added)
            #expect(extra.status == 403)
            var moved = fake.makeInbound(to: listener.incomingURL, from: Self.phone, to: Self.number, body: "hi")
            moved.url = listener.statusURL(reference: "x")
            let elsewhere = try await fake.post(moved)
            #expect(elsewhere.status == 403)
        }
    }

    @Test func aReplayParsesToTheSameMessageID() async throws {
        try await Self.run { fake, listener, _ in
            let first = try await fake.sendInbound(to: listener.incomingURL, from: Self.phone, to: Self.number, body: "once")
            let replay = try await fake.replayLastInbound()
            #expect(first.status == 200 && replay.status == 200)
            let seen = listener.requests.compactMap(\.incoming)
            #expect(seen.count == 2)
            #expect(seen[0].messageID == seen[1].messageID)
        }
    }

    @Test func aSignedFormWithoutMessageSidIsABadRequest() async throws {
        try await Self.run { fake, listener, _ in
            var inbound = fake.makeInbound(to: listener.incomingURL, from: Self.phone, to: Self.number, body: "hi")
            inbound.parameters.removeAll { ["MessageSid", "SmsMessageSid", "SmsSid"].contains($0.name) }
            inbound.signature = fake.sign(url: inbound.url, parameters: inbound.parameters)
            let answer = try await fake.post(inbound)
            #expect(answer.status == 400)
            #expect(listener.requests.first?.parseError == .missingParameter("MessageSid"))
        }
    }

    @Test func hostileButSignedContentIsPassedThrough() async throws {
        try await Self.run { fake, listener, _ in
            let long = String(repeating: "ü", count: 10_000)
            #expect(try await fake.sendInbound(to: listener.incomingURL, from: "not a number!", to: Self.number, body: long).status == 200)
            let text = try #require(listener.requests.first?.incoming)
            #expect(text.from == "not a number!")
            #expect(text.body == long)
        }
    }
}
