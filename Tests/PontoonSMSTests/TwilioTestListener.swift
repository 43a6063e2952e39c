import HTTPTypes
import Hummingbird
import NIOCore
import PontoonSMS
import PontoonTestSupport
import Synchronization

/// The bridge's side of Twilio's webhooks, as small as a test needs: on a free loopback port it
/// validates `X-Twilio-Signature` over the URL it was called at, parses with ``TwilioWebhook``, and
/// answers as Twilio expects (TwiML for incoming messages, an empty 200 for status callbacks,
/// 403 for a bad signature, 400 for a form it cannot read). It records what it saw.
final class TwilioTestListener: Sendable {
    struct Received: Sendable {
        var path: String
        var signatureValid: Bool
        var form: FormParameters
        var incoming: IncomingText?
        var report: DeliveryReport?
        var parseError: TwilioWebhookError?
    }

    let port: Int
    let authToken: String
    private let received = Mutex<[Received]>([])

    private init(port: Int, authToken: String) {
        self.port = port
        self.authToken = authToken
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }
    var incomingURL: String { baseURL + "/twilio/incoming" }
    func statusURL(reference: String) -> String { baseURL + "/twilio/status?ref=" + reference }

    var requests: [Received] { received.withLock { $0 } }

    /// Runs `body` with a listener that checks signatures with `authToken`; stops on every path.
    static func run<T: Sendable>(authToken: String, _ body: (TwilioTestListener) async throws -> T) async throws -> T {
        let holder = Mutex<TwilioTestListener?>(nil)
        let router = Router()
        router.post("/twilio/:endpoint") { request, context in
            guard let listener = holder.withLock({ $0 }) else { return Response(status: .serviceUnavailable) }
            return try await listener.handle(request, endpoint: context.parameters.get("endpoint") ?? "")
        }
        return try await LocalHTTPServer.serve(router, label: "pontoon.test.twilio-listener") { port in
            let listener = TwilioTestListener(port: port, authToken: authToken)
            holder.withLock { $0 = listener }
            return try await body(listener)
        }
    }

    /// Waits until `count` requests with a valid signature reached `path`, and returns them.
    func waitForValid(_ count: Int, path: String, timeout: Duration = .seconds(10)) async throws -> [Received] {
        let deadline = ContinuousClock.now + timeout
        while true {
            let matching = requests.filter { $0.path == path && $0.signatureValid }
            if matching.count >= count { return matching }
            guard ContinuousClock.now < deadline else { throw RigError.timeout("\(count) signed requests to \(path); got \(matching.count)") }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    private func handle(_ request: Request, endpoint: String) async throws -> Response {
        let body = try await request.body.collect(upTo: 1 << 20)
        let form = FormParameters(parsing: String(buffer: body))
        // Twilio signs the URL it called: this listener's origin, the path and the raw query.
        let url = baseURL + (request.head.path ?? "/")
        let valid = TwilioWebhook.validate(url: url, form: form, signature: request.headers[.xTwilioSignature], authToken: authToken)
        var record = Received(path: request.uri.path, signatureValid: valid, form: form)
        defer { received.withLock { $0.append(record) } }
        guard valid else { return Response(status: .forbidden) }
        do {
            if endpoint == "incoming" {
                record.incoming = try TwilioWebhook.incoming(form)
                return Response(status: .ok, headers: [.contentType: TwilioWebhook.twimlContentType],
                                body: .init(byteBuffer: ByteBuffer(string: TwilioWebhook.emptyTwiML)))
            }
            record.report = try TwilioWebhook.statusCallback(form)
            return Response(status: .init(code: TwilioWebhook.statusCallbackResponseStatus))
        } catch let error as TwilioWebhookError {
            record.parseError = error
            return Response(status: .badRequest)
        }
    }
}

private extension HTTPField.Name {
    static let xTwilioSignature = HTTPField.Name(TwilioSignature.headerName)!
}
