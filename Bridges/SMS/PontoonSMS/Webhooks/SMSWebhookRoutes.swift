import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import Pontoon

/// The providers' webhooks on the bridge's listener, one set per login (its secret key in the path):
///
/// - `/_pontoon/sms/kannel/<key>/incoming` — Kannel's `sms-service` `get-url` (GET, or POST with `post-url`)
/// - `/_pontoon/sms/kannel/<key>/status` — the `dlr-url` of each sent text
/// - `/_pontoon/sms/twilio/<key>/incoming` — the number's Messaging webhook (POST, signed)
/// - `/_pontoon/sms/twilio/<key>/status` — the `StatusCallback` of each sent text (POST, signed)
///
/// A request is answered only after what it carried is on Matrix, so a provider that gets no
/// success retries, and a retry (same provider message ID) is bridged once.
struct SMSWebhookRoutes: Sendable {
    enum Endpoint: String, Sendable {
        case incoming, status
    }

    static let pathPrefix = "/_pontoon/sms"
    /// Bigger than any text Twilio or Kannel posts (1600 characters, ten media URLs) with room to spare.
    static let maxBodyBytes = 64 * 1024

    let directory: SMSWebhookDirectory
    let config: SMSBridgeConfig
    let logger: Logger

    /// The URL a provider is given for `endpoint` of the login with webhook `key`.
    static func url(base: String, provider: SMSLoginMetadata.Provider, key: String, endpoint: Endpoint) -> String {
        "\(base)\(pathPrefix)/\(provider.rawValue)/\(key)/\(endpoint.rawValue)"
    }

    func install(on router: Router<BasicRequestContext>) {
        for endpoint in [Endpoint.incoming, .status] {
            let kannelPath = RouterPath("\(Self.pathPrefix)/kannel/:key/\(endpoint.rawValue)")
            router.get(kannelPath) { request, context in
                await answer { try await kannel(endpoint, request, context) }
            }
            router.post(kannelPath) { request, context in
                await answer { try await kannel(endpoint, request, context) }
            }
            router.post(RouterPath("\(Self.pathPrefix)/twilio/:key/\(endpoint.rawValue)")) { request, context in
                await answer { try await twilio(endpoint, request, context) }
            }
        }
    }

    private func session(_ context: BasicRequestContext, provider: SMSLoginMetadata.Provider) throws -> SMSSession {
        guard let key = context.parameters.get("key"), let session = directory.session(forKey: key),
              session.metadata.provider == provider else { throw SMSWebhookError.notFound }
        return session
    }

    private func kannel(_ endpoint: Endpoint, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let session = try session(context, provider: .kannel)
        var parameters = FormParameters(parsing: request.uri.query ?? "")
        if request.method == .post {
            for pair in try await form(of: request).pairs { parameters.append(pair.name, pair.value) }
        }
        switch endpoint {
        case .incoming:
            try await session.receive(try parse { try KannelWebhook.incoming(parameters) })
        case .status:
            try await session.report(try parse { try KannelWebhook.deliveryReport(parameters) }, chat: try chat(parameters))
        }
        // An empty answer: Kannel would text a body back to the sender.
        return Response(status: .ok)
    }

    private func twilio(_ endpoint: Endpoint, _ request: Request, _ context: BasicRequestContext) async throws -> Response {
        let session = try session(context, provider: .twilio)
        let form = try await form(of: request)
        // Twilio signs the URL it called: the public address, this path and the query.
        let url = config.webhookURL + request.uri.path + (request.uri.query.map { "?" + $0 } ?? "")
        guard let token = session.metadata.authToken,
              TwilioWebhook.validate(url: url, form: form, signature: request.headers[.twilioSignature], authToken: token) else {
            logger.warning("Twilio webhook with a missing or wrong signature refused", metadata: ["endpoint": "\(endpoint.rawValue)"])
            throw SMSWebhookError.forbidden("the X-Twilio-Signature header does not match")
        }
        switch endpoint {
        case .incoming:
            try await session.receive(try parse { try TwilioWebhook.incoming(form) })
            var headers = HTTPFields()
            headers[.contentType] = "text/xml"
            return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: TwilioWebhook.emptyTwiML)))
        case .status:
            let query = FormParameters(parsing: request.uri.query ?? "")
            var report: DeliveryReport
            do {
                report = try TwilioWebhook.statusCallback(form)
            } catch TwilioWebhookError.inboundStatus, TwilioWebhookError.unknownStatus {
                // Nothing to show on Matrix, and nothing Twilio should retry.
                return Response(status: .noContent)
            } catch {
                throw SMSWebhookError.badRequest("\(error)")
            }
            // The reference in our own callback URL names the Matrix message (Twilio's SID does not).
            if let reference = query["ref"] { report.messageID = reference }
            try await session.report(report, chat: try chat(query))
            return Response(status: .noContent)
        }
    }

    private func chat(_ parameters: FormParameters) throws -> RemoteChatID {
        guard let chat = parameters["chat"], !chat.isEmpty else { throw SMSWebhookError.badRequest("missing chat") }
        return RemoteChatID(chat)
    }

    private func form(of request: Request) async throws -> FormParameters {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodyBytes)
        } catch {
            throw SMSWebhookError.tooLarge(Self.maxBodyBytes)
        }
        return FormParameters(parsing: String(decoding: body.readableBytesView, as: UTF8.self))
    }

    private func parse<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as SMSWebhookError {
            throw error
        } catch {
            throw SMSWebhookError.badRequest("\(error)")
        }
    }

    /// Turns failures into the status the provider should see, with a short plain-text reason.
    private func answer(_ body: () async throws -> Response) async -> Response {
        let failure: SMSWebhookError
        do {
            return try await body()
        } catch let error as SMSWebhookError {
            failure = error
        } catch {
            // The portal could not bridge it (homeserver down, database busy): the provider retries.
            logger.error("Webhook not bridged", metadata: ["error": "\(error)"])
            failure = .unavailable("the bridge could not deliver it to Matrix")
        }
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=utf-8"
        return Response(status: failure.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: failure.description)))
    }
}

extension HTTPField.Name {
    static let twilioSignature = HTTPField.Name(TwilioSignature.headerName)!
}
