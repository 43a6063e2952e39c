import AsyncHTTPClient
import Foundation
import NIOCore

extension FakeTwilio {
    /// Sends each accepted text's status callbacks, one text after another, until the job stream
    /// ends or the task is cancelled: `sent`, then `delivered`, or `undelivered` with ErrorCode
    /// 30003 for a recipient in ``Configuration/unreachable``.
    func deliverCallbacks(_ jobs: AsyncStream<FakeTwilioMessage>) async {
        for await message in jobs {
            guard let url = message.statusCallback else { continue }
            let unreachable = configuration.unreachable.contains(message.to)
            let statuses: [(status: String, errorCode: String?)] = [("sent", nil), unreachable ? ("undelivered", "30003") : ("delivered", nil)]
            for step in statuses {
                do {
                    try await Task.sleep(for: configuration.callbackDelay)
                } catch {
                    return
                }
                await sendCallback(to: url, message: message, status: step.status, errorCode: step.errorCode)
            }
        }
    }

    /// The form Twilio posts to a `StatusCallback`.
    static func callbackParameters(_ message: FakeTwilioMessage, status: String, errorCode: String?) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        if let errorCode { pairs.append(("ErrorCode", errorCode)) }
        pairs += [
            ("SmsSid", message.sid), ("SmsStatus", status), ("MessageStatus", status), ("To", message.to),
            ("MessageSid", message.sid), ("AccountSid", message.accountSID), ("From", message.from),
            ("ApiVersion", FakeTwilioResources.apiVersion),
        ]
        return pairs
    }

    private func sendCallback(to url: String, message: FakeTwilioMessage, status: String, errorCode: String?) async {
        let pairs = Self.callbackParameters(message, status: status, errorCode: errorCode)
        let signature = FakeTwilioForm.signature(url: url, pairs: pairs, authToken: authToken)
        let record: FakeTwilioCallback
        do {
            let answer = try await Self.postForm(url: url, pairs: pairs, signature: signature)
            record = FakeTwilioCallback(url: url, parameters: pairs, signature: signature, status: answer.status, failure: nil)
        } catch {
            record = FakeTwilioCallback(url: url, parameters: pairs, signature: signature, status: nil, failure: "\(error)")
        }
        state.withLock { $0.callbacks.append(record) }
    }

    /// POSTs a form as Twilio's webhooks do; `signature` nil leaves out `X-Twilio-Signature`.
    static func postForm(url: String, pairs: [(name: String, value: String)], signature: String?) async throws -> (status: Int, body: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded; charset=utf-8")
        request.headers.add(name: "User-Agent", value: "TwilioProxy/1.1")
        request.headers.add(name: "I-Twilio-Idempotency-Token", value: UUID().uuidString.lowercased())
        if let signature { request.headers.add(name: "X-Twilio-Signature", value: signature) }
        request.body = .bytes(ByteBuffer(string: FakeTwilioForm.encode(pairs)))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(buffer: body))
    }
}
