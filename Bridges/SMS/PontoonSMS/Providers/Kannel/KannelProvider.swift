import AsyncHTTPClient
import Foundation
import Logging
import NIOCore

/// Sends texts through Kannel's smsbox (`GET /cgi-bin/sendsms`) as one `sendsms-user`.
///
/// - Text goes as UTF-8 (`charset=UTF-8`) with `coding=0` when it is all GSM alphabet, else
///   `coding=2` (UCS-2), so emoji and Cyrillic arrive intact (checked with Kannel 1.4.5 and fakesmsc).
/// - A text longer than `partsPerRequest` SMS parts goes as several requests (smsbox would drop the
///   rest: see ``KannelTextChunks``).
/// - Kannel gives no message ID: the result's ID is the bridge's ``OutgoingText/reference``, which
///   comes back in the delivery reports through ``OutgoingText/statusURL``
///   (see ``KannelWebhook/dlrURL(statusURL:)``).
///
/// The password and the text are never logged; Kannel's answers are, without the password.
public struct KannelProvider: SMSProvider {
    /// The most SMS parts one text may take in all; beyond that it is refused, not sent as a flood.
    public static let maxTextParts = 300

    /// `http://127.0.0.1:13013`: smsbox's `sendsms-port`, without a path.
    public let sendsmsURL: String
    public let username: String
    private let password: String
    public let dlrMask: KannelDLRMask
    /// Parts smsbox sends of one request: at most the `sendsms-user`'s `max-messages`.
    public let partsPerRequest: Int
    private let httpClient: HTTPClient
    private let timeout: TimeAmount
    private let logger: Logger

    /// - Parameters:
    ///   - sendsmsURL: smsbox's address (`http://host:sendsms-port`); a trailing `/` is ignored.
    ///   - username, password: the `sendsms-user` group's `username` and `password`.
    ///   - dlrMask: the reports asked for; ``KannelDLRMask/standard`` (27: delivered, failed,
    ///     submitted, rejected) by default.
    ///   - partsPerRequest: parts per request, at most the `sendsms-user`'s `max-messages`
    ///     (Kannel's default is 10; it must have `concatenation = true` for more than one).
    ///   - timeout: how long one request may take before the send counts as transiently failed.
    public init(sendsmsURL: String, username: String, password: String, httpClient: HTTPClient,
                dlrMask: KannelDLRMask = .standard, partsPerRequest: Int = 10, timeout: TimeAmount = .seconds(30),
                logger: Logger = Logger(label: "pontoon.sms.kannel")) {
        var base = sendsmsURL
        while base.hasSuffix("/") { base.removeLast() }
        self.sendsmsURL = base
        self.username = username
        self.password = password
        self.httpClient = httpClient
        self.dlrMask = dlrMask
        self.partsPerRequest = max(1, partsPerRequest)
        self.timeout = timeout
        self.logger = logger
    }

    /// Kannel carries no pictures: the bridge sends links.
    public var supportsMMS: Bool { false }

    public func send(_ message: OutgoingText) async throws -> ProviderSendResult {
        guard isValidAddress else {
            throw SMSProviderError("Kannel's sendsms address is not an http(s) URL; ask the bridge's admin.", isTransient: false)
        }
        let from = try KannelSendRequest.validSender(message.from)
        let to = try KannelSendRequest.validRecipient(message.to)
        var body = KannelSendRequest.cleanBody(message.body)
        if !message.mediaURLs.isEmpty {
            body += (body.isEmpty ? "" : "\n") + message.mediaURLs.joined(separator: "\n")
        }
        guard !body.allSatisfy(\.isWhitespace) else {
            throw SMSProviderError("There is no text to send.", isTransient: false)
        }
        let coding = KannelCoding.choose(for: body)
        let parts = coding.parts(of: body)
        guard parts <= Self.maxTextParts else {
            throw SMSProviderError("The text is too long: it would take \(parts) SMS, at most \(Self.maxTextParts) are sent.", isTransient: false)
        }
        let dlrURL = message.statusURL.map(KannelWebhook.dlrURL(statusURL:))
        let pieces = KannelTextChunks.split(body, coding: coding, maxParts: partsPerRequest)
        for (index, piece) in pieces.enumerated() {
            let request = KannelSendRequest(from: from, to: to, text: piece, coding: KannelCoding.choose(for: piece),
                                            dlrMask: dlrMask, dlrURL: dlrURL)
            do {
                try await perform(request, reference: message.reference)
            } catch let error as SMSProviderError where index > 0 {
                // Trying the whole text again would repeat the pieces already sent.
                throw SMSProviderError("Only \(index) of \(pieces.count) pieces of the text were sent: \(error.userMessage)", isTransient: false)
            }
        }
        logger.debug("Kannel took the text", metadata: ["reference": "\(message.reference)", "parts": "\(parts)",
                                                        "requests": "\(pieces.count)", "coding": "\(coding.rawValue)"])
        return ProviderSendResult(messageID: message.reference, state: .queued)
    }

    private func perform(_ request: KannelSendRequest, reference: String) async throws {
        let response: HTTPClientResponse
        let body: String
        do {
            response = try await httpClient.execute(HTTPClientRequest(url: request.url(base: sendsmsURL, username: username, password: password)),
                                                    timeout: timeout)
            body = String(buffer: try await response.body.collect(upTo: 16 * 1024))
        } catch {
            throw unreachable(error)
        }
        if let error = KannelSendsmsAnswer.error(status: Int(response.status.code), body: body, secrets: [password]) {
            logger.warning("Kannel refused a text", metadata: ["reference": "\(reference)", "status": "\(response.status.code)",
                                                               "answer": "\(KannelSendsmsAnswer.quoted(body, secrets: [password]))"])
            throw error
        }
    }

    /// The error for a request that got no answer; the HTTP client's own description is left
    /// out, as it may carry the URL (and with it the password).
    private func unreachable(_ error: any Error) -> SMSProviderError {
        let place = "Kannel's smsbox at \(displayAddress)"
        if let error = error as? HTTPClientError,
           [.connectTimeout, .deadlineExceeded, .readTimeout, .writeTimeout].contains(error) {
            return SMSProviderError("\(place) did not answer in time.", isTransient: true)
        }
        logger.warning("Kannel not reachable", metadata: ["address": "\(displayAddress)", "error": "\(type(of: error))"])
        return SMSProviderError("\(place) could not be reached (is smsbox running?).", isTransient: true)
    }

    private var isValidAddress: Bool {
        guard let components = URLComponents(string: sendsmsURL), let host = components.host, !host.isEmpty else { return false }
        return ["http", "https"].contains(components.scheme?.lowercased() ?? "")
    }

    /// `host:port` of smsbox, without any user info in the URL.
    private var displayAddress: String {
        guard let components = URLComponents(string: sendsmsURL), let host = components.host else { return "(invalid address)" }
        return components.port.map { "\(host):\($0)" } ?? host
    }
}
