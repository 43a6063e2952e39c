import AsyncHTTPClient
import Foundation
import Logging
import NIOCore
import NIOHTTP1

/// One Twilio number of one login, over Twilio's REST API (2010-04-01): sends SMS and MMS,
/// checks at login that the number is on the account, and downloads inbound media.
///
/// Incoming messages and delivery reports arrive as webhooks; see ``TwilioWebhook``.
public struct TwilioProvider: SMSProvider {
    public let accountSID: String
    /// The login's number (E.164), the `From` of texts whose ``OutgoingText/from`` is empty.
    public let number: String
    let credentials: TwilioCredentials
    let apiBaseURL: String
    let httpClient: HTTPClient
    let requestTimeout: TimeAmount
    let logger: Logger

    /// - Parameters:
    ///   - apiBaseURL: Twilio's API origin; tests point it at a fake.
    ///   - requestTimeout: for each request, including reading the answer.
    public init(
        accountSID: String, credentials: TwilioCredentials, number: String,
        apiBaseURL: String = "https://api.twilio.com", httpClient: HTTPClient,
        requestTimeout: TimeAmount = .seconds(30), logger: Logger = Logger(label: "pontoon.sms.twilio")
    ) {
        self.accountSID = accountSID
        self.credentials = credentials
        self.number = number
        self.apiBaseURL = apiBaseURL.hasSuffix("/") ? String(apiBaseURL.dropLast()) : apiBaseURL
        self.httpClient = httpClient
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    public var supportsMMS: Bool { true }

    /// `POST …/Accounts/{AccountSid}/Messages.json` with `To`, `From`, `Body`, one `MediaUrl` per
    /// media URL and `StatusCallback` (``OutgoingText/statusURL``).
    public func send(_ message: OutgoingText) async throws -> ProviderSendResult {
        var form = FormParameters()
        form.append("To", message.to)
        form.append("From", message.from.isEmpty ? number : message.from)
        form.append("Body", message.body)
        for url in message.mediaURLs {
            form.append("MediaUrl", url)
        }
        if let statusURL = message.statusURL {
            form.append("StatusCallback", statusURL)
        }
        let answer = try await call(.POST, path: "Messages.json", form: form)
        guard (200..<300).contains(answer.status) else { throw error(for: answer) }
        guard let resource = try? JSONDecoder().decode(TwilioMessageResource.self, from: Data(buffer: answer.body)) else {
            // Twilio took the text but its answer is unreadable: sending again could send it twice.
            throw SMSProviderError("Twilio's answer to the text could not be read", isTransient: false)
        }
        let state = TwilioMessageStatus.deliveryState(resource.status, errorCode: resource.errorCode) ?? .queued
        logger.info("Twilio accepted a text", metadata: [
            "sms.message_id": "\(resource.sid)", "sms.status": "\(resource.status)",
            "sms.segments": "\(resource.numSegments.map(String.init) ?? "?")", "sms.reference": "\(message.reference)",
        ])
        return ProviderSendResult(messageID: resource.sid, state: state)
    }

    /// Checks the credentials and that ``number`` is on the account
    /// (`GET …/IncomingPhoneNumbers.json?PhoneNumber=`), for login. Returns the number's entry
    /// (its `PN…` SID identifies the login). Throws ``SMSProviderError``.
    @discardableResult
    public func verify() async throws -> TwilioIncomingNumber {
        let query = FormParameters([("PhoneNumber", number)]).encoded
        let answer = try await call(.GET, path: "IncomingPhoneNumbers.json?" + query, form: nil)
        guard answer.status == 200 else { throw error(for: answer) }
        guard let list = try? JSONDecoder().decode(TwilioIncomingNumberList.self, from: Data(buffer: answer.body)) else {
            throw SMSProviderError("Twilio's list of incoming numbers could not be read", isTransient: true)
        }
        guard let entry = list.incomingPhoneNumbers.first(where: { $0.phoneNumber == number }) else {
            throw SMSProviderError("The number \(number) is not on Twilio account \(accountSID)", isTransient: false)
        }
        if entry.sms == false {
            throw SMSProviderError("The Twilio number \(number) cannot send or receive SMS", isTransient: false)
        }
        return entry
    }

    // MARK: - Requests

    struct Answer {
        var status: Int
        var body: ByteBuffer
    }

    /// Twilio's error bodies and resources are small; anything bigger is not Twilio.
    static let maxAnswerBytes = 1 << 20

    var accountURL: String {
        let escaped = accountSID.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? accountSID
        return "\(apiBaseURL)/2010-04-01/Accounts/\(escaped)/"
    }

    private func call(_ method: HTTPMethod, path: String, form: FormParameters?) async throws -> Answer {
        var request = HTTPClientRequest(url: accountURL + path)
        request.method = method
        request.headers.add(name: "Authorization", value: credentials.authorization(accountSID: accountSID))
        request.headers.add(name: "Accept", value: "application/json")
        if let form {
            request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
            request.body = .bytes(ByteBuffer(string: form.encoded))
        }
        do {
            let response = try await httpClient.execute(request, timeout: requestTimeout)
            let body = try await response.body.collect(upTo: Self.maxAnswerBytes)
            return Answer(status: Int(response.status.code), body: body)
        } catch {
            logger.warning("Twilio request failed", metadata: ["error": "\(error)", "twilio.path": "\(method) \(path.prefix { $0 != "?" })"])
            throw TwilioResponseError.unreachable(apiBaseURL, error)
        }
    }

    private func error(for answer: Answer) -> SMSProviderError {
        let error = TwilioResponseError.providerError(status: answer.status, body: answer.body, credentials: credentials)
        logger.warning("Twilio refused a request", metadata: [
            "http.status": "\(answer.status)", "transient": "\(error.isTransient)", "reason": "\(error.userMessage)",
        ])
        return error
    }
}
