import AsyncHTTPClient
import NIOCore
@testable import PontoonSMS
import PontoonTestSupport
import Testing

@Suite("Twilio provider against the fake Twilio")
struct TwilioProviderTests {
    static let number = "+15005550006"
    static let phone = "+14155550100"

    static func provider(_ fake: FakeTwilio, credentials: TwilioCredentials? = nil, number: String = number) -> TwilioProvider {
        TwilioProvider(accountSID: fake.accountSID, credentials: credentials ?? .authToken(fake.authToken), number: number,
                       apiBaseURL: fake.baseURL, httpClient: .shared, requestTimeout: .seconds(10))
    }

    static func text(_ body: String, to: String = phone, media: [String] = []) -> OutgoingText {
        OutgoingText(from: number, to: to, body: body, mediaURLs: media, reference: "ref-1")
    }

    /// The error `body` throws, failing the test when it throws something else or nothing.
    static func providerError(_ body: () async throws -> Void) async -> SMSProviderError? {
        do {
            try await body()
            Issue.record("expected an SMSProviderError")
        } catch let error as SMSProviderError {
            return error
        } catch {
            Issue.record("expected an SMSProviderError, got \(error)")
        }
        return nil
    }

    @Test func sendsAText() async throws {
        try await withFakeTwilio { fake in
            let result = try await Self.provider(fake).send(Self.text("hello there"))
            #expect(result.messageID.hasPrefix("SM") && result.messageID.count == 34)
            #expect(result.state == .queued)
            let posted = try #require(fake.sentMessages.first)
            #expect(posted.sid == result.messageID)
            #expect((posted.from, posted.to, posted.body) == (Self.number, Self.phone, "hello there"))
            #expect(posted.mediaURLs.isEmpty && posted.statusCallback == nil)
            #expect(posted.authUser == fake.accountSID)
        }
    }

    @Test func sendsAnMMSWithEveryMediaURLInOrder() async throws {
        try await withFakeTwilio { fake in
            let media = ["https://bridge.example.org/media/a.jpg", "https://bridge.example.org/media/b.png"]
            let result = try await Self.provider(fake).send(Self.text("two pictures", media: media))
            #expect(result.messageID.hasPrefix("MM"))
            let posted = try await fake.waitForMessage { $0.sid == result.messageID }
            #expect(posted.mediaURLs == media)
            #expect(posted.parameters.filter { $0.name == "MediaUrl" }.count == 2)
        }
    }

    @Test func sendsWithAnAPIKey() async throws {
        let key = FakeTwilio.randomSID("SK")
        try await withFakeTwilio(.init(apiKeys: [key: "key-secret"])) { fake in
            let provider = Self.provider(fake, credentials: .apiKey(sid: key, secret: "key-secret"))
            _ = try await provider.send(Self.text("via key"))
            #expect(fake.sentMessages.first?.authUser == key)
        }
    }

    @Test func anInvalidRecipientIsAClearPermanentError() async throws {
        try await withFakeTwilio { fake in
            let error = await Self.providerError { _ = try await Self.provider(fake).send(Self.text("hi", to: "not-a-number")) }
            #expect(error?.isTransient == false)
            #expect(error?.userMessage == "The 'To' number not-a-number is not a valid phone number. (Twilio error 21211)")
            #expect(fake.sentMessages.isEmpty)
        }
    }

    @Test func aSenderNotOnTheAccountIsRefused() async throws {
        try await withFakeTwilio { fake in
            let error = await Self.providerError {
                _ = try await Self.provider(fake).send(OutgoingText(from: "+15005550001", to: Self.phone, body: "hi", reference: "r"))
            }
            #expect(error?.isTransient == false)
            #expect(error?.userMessage.contains("21606") == true)
        }
    }

    @Test func aTextOverTwilioLimitIsRefused() async throws {
        try await withFakeTwilio { fake in
            let error = await Self.providerError { _ = try await Self.provider(fake).send(Self.text(String(repeating: "a", count: 1601))) }
            #expect(error?.userMessage.contains("21617") == true)
            #expect(error?.isTransient == false)
        }
    }

    @Test func aWrongTokenSaysWhatToCheckWithoutTheToken() async throws {
        try await withFakeTwilio { fake in
            let provider = Self.provider(fake, credentials: .authToken("wrong-secret-token"))
            let error = await Self.providerError { _ = try await provider.send(Self.text("hi")) }
            #expect(error?.userMessage == "Twilio refused the credentials (error 20003): check the account SID and auth token")
            #expect(error?.isTransient == false)
            #expect(error?.userMessage.contains("wrong-secret-token") == false)
            #expect(!"\(TwilioCredentials.authToken("wrong-secret-token"))".contains("wrong-secret-token"))
        }
    }

    @Test func verifyFindsTheNumber() async throws {
        try await withFakeTwilio(.init(numbers: ["+15005550009", Self.number])) { fake in
            let entry = try await Self.provider(fake).verify()
            #expect(entry.phoneNumber == Self.number)
            #expect(entry.sid.hasPrefix("PN") && entry.sid.count == 34)
            #expect(entry.sms == true && entry.mms == true)
        }
    }

    @Test func verifyRefusesANumberNotOnTheAccount() async throws {
        try await withFakeTwilio { fake in
            let error = await Self.providerError { _ = try await Self.provider(fake, number: "+15005550001").verify() }
            #expect(error?.userMessage == "The number +15005550001 is not on Twilio account \(fake.accountSID)")
            #expect(error?.isTransient == false)
        }
    }

    @Test func verifyRefusesWrongCredentials() async throws {
        try await withFakeTwilio { fake in
            let error = await Self.providerError { _ = try await Self.provider(fake, credentials: .authToken("nope")).verify() }
            #expect(error?.userMessage.contains("check the account SID and auth token") == true)
        }
    }

    @Test func fetchesMediaWithAuthThroughTheRedirect() async throws {
        try await withFakeTwilio { fake in
            let bytes = (0..<50_000).map { UInt8($0 % 251) }
            let url = fake.addMedia(bytes, contentType: "image/jpeg")
            let media = try await Self.provider(fake).fetchMedia(IncomingMedia(url: url, contentType: "image/jpeg"), maxBytes: 100_000)
            #expect(media.data == bytes)
            #expect(media.contentType == "image/jpeg")
        }
    }

    @Test func mediaNeedsTheRightCredentials() async throws {
        try await withFakeTwilio { fake in
            let url = fake.addMedia([1, 2, 3], contentType: "image/png")
            let provider = Self.provider(fake, credentials: .authToken("nope"))
            let error = await Self.providerError { _ = try await provider.fetchMedia(IncomingMedia(url: url, contentType: nil), maxBytes: 1000) }
            #expect(error?.userMessage.contains("check the account SID and auth token") == true)
        }
    }

    @Test func mediaOverTheCapIsRefusedWithOrWithoutALength() async throws {
        try await withFakeTwilio { fake in
            let bytes = [UInt8](repeating: 7, count: 20_000)
            for chunked in [false, true] {
                let url = fake.addMedia(bytes, contentType: "video/mp4", chunked: chunked)
                let error = await Self.providerError {
                    _ = try await Self.provider(fake).fetchMedia(IncomingMedia(url: url, contentType: nil), maxBytes: 10_000)
                }
                #expect(error?.userMessage == "The MMS media is larger than the limit of 10000 bytes", "chunked: \(chunked)")
                let exact = try await Self.provider(fake).fetchMedia(IncomingMedia(url: url, contentType: nil), maxBytes: 20_000)
                #expect(exact.data.count == 20_000)
            }
        }
    }

    @Test func unknownOrNonHTTPMediaIsRefused() async throws {
        try await withFakeTwilio { fake in
            let provider = Self.provider(fake)
            let missing = await Self.providerError { _ = try await provider.fetchMedia(IncomingMedia(url: fake.baseURL + "/media/ME0", contentType: nil), maxBytes: 10) }
            #expect(missing?.userMessage == "The MMS media no longer exists at Twilio")
            let file = await Self.providerError { _ = try await provider.fetchMedia(IncomingMedia(url: "file:///etc/passwd", contentType: nil), maxBytes: 10) }
            #expect(file?.isTransient == false)
        }
    }

    @Test func anUnreachableTwilioIsTransient() async throws {
        let port = try FreePort.find()
        // Without retried connection attempts, as the bridge's client: a refused connection fails at once.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool.retryConnectionEstablishment = false
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let provider = TwilioProvider(accountSID: "AC0", credentials: .authToken("secret-token"), number: Self.number,
                                      apiBaseURL: "http://127.0.0.1:\(port)", httpClient: client, requestTimeout: .seconds(5))
        let error = await Self.providerError { _ = try await provider.send(Self.text("hi")) }
        try await client.shutdown()
        #expect(error?.isTransient == true)
        #expect(error?.userMessage.contains("secret-token") == false)
    }

    @Test func rateLimitsAndServerErrorsAreTransient() {
        let credentials = TwilioCredentials.authToken("t")
        let limited = TwilioResponseError.providerError(
            status: 429, body: ByteBuffer(string: #"{"code": 20429, "message": "Too Many Requests", "status": 429}"#), credentials: credentials)
        #expect(limited.isTransient)
        let down = TwilioResponseError.providerError(status: 503, body: ByteBuffer(string: "<html>down</html>"), credentials: credentials)
        #expect(down.isTransient)
        let refused = TwilioResponseError.providerError(status: 400, body: ByteBuffer(string: "not json"), credentials: credentials)
        #expect(!refused.isTransient && refused.userMessage == "Twilio refused the request (HTTP 400)")
        let coded = TwilioResponseError.providerError(status: 400, body: ByteBuffer(string: #"{"code": 21610}"#), credentials: credentials)
        #expect(coded.userMessage == "The recipient replied STOP and has unsubscribed from this number")
    }
}
