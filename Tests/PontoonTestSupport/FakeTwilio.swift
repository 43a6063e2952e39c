import Foundation
import Synchronization

/// A local stand-in for Twilio's REST API (2010-04-01) and its webhooks, for tests of the Twilio
/// provider and the SMS bridge. It has one account with a few numbers; see ``withFakeTwilio(_:_:)``.
///
/// It answers `POST …/Messages.json`, `GET …/IncomingPhoneNumbers.json` and media downloads as
/// Twilio documents them (fields, error codes), sends signed status callbacks for each text that
/// asked for them (`sent`, then `delivered` — or `undelivered` with error 30003 for numbers in
/// ``Configuration/unreachable``), and sends signed incoming-message webhooks on request.
public final class FakeTwilio: Sendable {
    public struct Configuration: Sendable {
        /// `AC` + 32 hex digits.
        public var accountSID: String
        /// The account's auth token: basic auth password with ``accountSID``, and the signing key.
        public var authToken: String
        /// The account's numbers (E.164): the only valid `From`s, listed by IncomingPhoneNumbers.
        public var numbers: [String]
        /// Recipients whose texts end `undelivered` with error 30003 (unreachable handset).
        public var unreachable: Set<String>
        /// API keys that may authenticate instead of the auth token: key SID → secret.
        public var apiKeys: [String: String]
        /// Whether media downloads need the account's basic auth (Twilio's "HTTP Basic
        /// Authentication for media access" setting).
        public var mediaRequiresAuth: Bool
        /// Set on incoming messages as `MessagingServiceSid` when not nil.
        public var messagingServiceSID: String?
        /// The pause before each status callback.
        public var callbackDelay: Duration

        public init(
            accountSID: String = FakeTwilio.randomSID("AC"), authToken: String = FakeTwilio.randomSID(""),
            numbers: [String] = ["+15005550006"], unreachable: Set<String> = [], apiKeys: [String: String] = [:],
            mediaRequiresAuth: Bool = true, messagingServiceSID: String? = nil, callbackDelay: Duration = .milliseconds(20)
        ) {
            self.accountSID = accountSID
            self.authToken = authToken
            self.numbers = numbers
            self.unreachable = unreachable
            self.apiKeys = apiKeys
            self.mediaRequiresAuth = mediaRequiresAuth
            self.messagingServiceSID = messagingServiceSID
            self.callbackDelay = callbackDelay
        }
    }

    struct State {
        var port = 0
        var messages: [FakeTwilioMessage] = []
        var media: [String: FakeTwilioMedia] = [:]
        var lastInbound: FakeTwilioInbound?
        var callbacks: [FakeTwilioCallback] = []
    }

    public let configuration: Configuration
    let state = Mutex(State())
    let callbackJobs: AsyncStream<FakeTwilioMessage>.Continuation
    let created = Date()

    init(_ configuration: Configuration, callbackJobs: AsyncStream<FakeTwilioMessage>.Continuation) {
        self.configuration = configuration
        self.callbackJobs = callbackJobs
    }

    /// A fresh Twilio-style SID: `prefix` and 32 lowercase hex digits (`""` gives a 32-digit auth token).
    public static func randomSID(_ prefix: String) -> String {
        FakeTwilioResources.sid(prefix)
    }

    public var accountSID: String { configuration.accountSID }
    public var authToken: String { configuration.authToken }
    public var port: Int { state.withLock { $0.port } }
    /// The API origin to give the provider (`http://127.0.0.1:<port>`).
    public var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Every text posted to Messages.json and accepted (201), in order.
    public var sentMessages: [FakeTwilioMessage] { state.withLock { $0.messages } }

    /// Every status callback the fake sent, with the answer it got, in order.
    public var callbacks: [FakeTwilioCallback] { state.withLock { $0.callbacks } }

    /// Waits until an accepted text matches `predicate` and returns the first that does.
    public func waitForMessage(
        timeout: Duration = .seconds(5), where predicate: @Sendable (FakeTwilioMessage) -> Bool = { _ in true }
    ) async throws -> FakeTwilioMessage {
        try await poll(timeout, "a text posted to the fake Twilio") { sentMessages.first(where: predicate) }
    }

    /// Waits until at least `count` status callbacks were sent and answered (or failed).
    public func waitForCallbacks(_ count: Int, timeout: Duration = .seconds(5)) async throws -> [FakeTwilioCallback] {
        try await poll(timeout, "\(count) status callbacks from the fake Twilio") {
            let callbacks = self.callbacks
            return callbacks.count >= count ? callbacks : nil
        }
    }

    /// Makes `data` downloadable at the returned URL (`<baseURL>/media/ME…`), as Twilio serves MMS
    /// media. `chunked` sends it without a Content-Length.
    public func addMedia(_ data: [UInt8], contentType: String, chunked: Bool = false) -> String {
        let id = FakeTwilioResources.sid("ME")
        let media = FakeTwilioMedia(data: data, contentType: contentType, chunked: chunked, token: FakeTwilioResources.sid(""))
        state.withLock { $0.media[id] = media }
        return "\(baseURL)/media/\(id)"
    }

    func setPort(_ port: Int) {
        state.withLock { $0.port = port }
    }

    private func poll<T>(_ timeout: Duration, _ what: String, _ check: () -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        while true {
            if let found = check() { return found }
            guard ContinuousClock.now < deadline else { throw RigError.timeout(what) }
            try await Task.sleep(for: .milliseconds(10))
        }
    }
}

/// A text the fake accepted, as it was posted.
public struct FakeTwilioMessage: Sendable {
    public let sid: String
    public let accountSID: String
    public let from: String
    public let to: String
    public let body: String
    /// Every `MediaUrl`, in order.
    public let mediaURLs: [String]
    public let statusCallback: String?
    /// The basic auth user: the account SID, or the API key SID that sent it.
    public let authUser: String
    /// The whole form as posted.
    public let parameters: [(name: String, value: String)]
    let created: Date
}

/// A status callback the fake sent and what came of it.
public struct FakeTwilioCallback: Sendable {
    public let url: String
    public let parameters: [(name: String, value: String)]
    public let signature: String
    /// The listener's HTTP status, or nil when the request failed.
    public let status: Int?
    /// Why the request failed, when it did.
    public let failure: String?

    /// The first value of parameter `name`.
    public subscript(name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }
}

struct FakeTwilioMedia: Sendable {
    var data: [UInt8]
    var contentType: String
    var chunked: Bool
    /// Stands for the signature on Twilio's redirect to its storage.
    var token: String
}

/// Runs `body` with a fake Twilio on a free local port, and stops it (server and pending status
/// callbacks) on every path out.
public func withFakeTwilio<T: Sendable>(
    _ configuration: FakeTwilio.Configuration = .init(), _ body: (FakeTwilio) async throws -> T
) async throws -> T {
    let (jobs, jobQueue) = AsyncStream<FakeTwilioMessage>.makeStream()
    let fake = FakeTwilio(configuration, callbackJobs: jobQueue)
    let callbacks = Task { await fake.deliverCallbacks(jobs) }
    let stopCallbacks = {
        jobQueue.finish()
        callbacks.cancel()
        await callbacks.value
    }
    do {
        let result = try await LocalHTTPServer.serve(fake.router(), label: "pontoon.test.fake-twilio") { port in
            fake.setPort(port)
            return try await body(fake)
        }
        await stopCallbacks()
        return result
    } catch {
        await stopCallbacks()
        throw error
    }
}
