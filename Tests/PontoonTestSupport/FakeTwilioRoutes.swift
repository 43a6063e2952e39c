import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

extension FakeTwilio {
    /// The fake's HTTP API: Messages.json, IncomingPhoneNumbers.json and media.
    func router() -> Router<BasicRequestContext> {
        let router = Router()
        let accounts = "/2010-04-01/Accounts/:accountSid"
        router.post("\(accounts)/Messages.json") { request, context in
            try await self.createMessage(request, account: context.parameters.get("accountSid"))
        }
        router.get("\(accounts)/IncomingPhoneNumbers.json") { request, context in
            self.listNumbers(request, account: context.parameters.get("accountSid"))
        }
        router.get("/media/:id") { request, context in
            self.mediaRedirect(request, id: context.parameters.get("id") ?? "")
        }
        router.get("/media/:id/content") { request, context in
            self.mediaContent(request, id: context.parameters.get("id") ?? "")
        }
        return router
    }

    // MARK: - Messages

    private func createMessage(_ request: Request, account: String?) async throws -> Response {
        guard let user = authenticatedUser(request, account: account) else { return Self.unauthorized() }
        let collected = try await request.body.collect(upTo: 1 << 20)
        let form = FakeTwilioForm.parse(String(buffer: collected))
        func value(_ name: String) -> String? { form.first { $0.name == name }?.value }
        let to = value("To") ?? ""
        let from = value("From") ?? ""
        let body = value("Body") ?? ""
        let mediaURLs = form.filter { $0.name == "MediaUrl" }.map(\.value).filter { !$0.isEmpty }
        if to.isEmpty { return Self.error(21604, "A 'To' phone number is required.") }
        if !Self.isE164(to) { return Self.error(21211, "The 'To' number \(to) is not a valid phone number.") }
        if from.isEmpty { return Self.error(21603, "A 'From' phone number is required.") }
        if !configuration.numbers.contains(from) {
            return Self.error(21606, "The From phone number \(from) is not a valid, SMS-capable inbound phone number or short code for your account.")
        }
        if body.isEmpty && mediaURLs.isEmpty { return Self.error(21602, "Message body is required.") }
        if body.unicodeScalars.count > 1600 { return Self.error(21617, "The concatenated message body exceeds the 1600 character limit.") }
        let statusCallback = value("StatusCallback").flatMap { $0.isEmpty ? nil : $0 }
        let message = FakeTwilioMessage(
            sid: FakeTwilioResources.sid(mediaURLs.isEmpty ? "SM" : "MM"), accountSID: accountSID, from: from, to: to, body: body,
            mediaURLs: mediaURLs, statusCallback: statusCallback, authUser: user, parameters: form, created: Date())
        state.withLock { $0.messages.append(message) }
        if statusCallback != nil { callbackJobs.yield(message) }
        return Self.json(.created, FakeTwilioResources.message(message))
    }

    // MARK: - Numbers

    private func listNumbers(_ request: Request, account: String?) -> Response {
        guard authenticatedUser(request, account: account) != nil else { return Self.unauthorized() }
        let query = request.uri.query ?? ""
        let filter = FakeTwilioForm.parse(query).first { $0.name == "PhoneNumber" }?.value ?? ""
        // Twilio matches partial numbers too; exact and partial both come down to "contains" here.
        let numbers = configuration.numbers.filter { filter.isEmpty || $0.contains(filter) }
        return Self.json(.ok, FakeTwilioResources.incomingNumbers(numbers, accountSID: accountSID, query: query, created: created))
    }

    // MARK: - Media

    /// Twilio's media URLs answer with a redirect to a signed storage URL.
    private func mediaRedirect(_ request: Request, id: String) -> Response {
        if configuration.mediaRequiresAuth, authenticatedUser(request, account: accountSID) == nil { return Self.unauthorized() }
        guard let media = state.withLock({ $0.media[id] }) else { return Self.notFound(request.uri.path) }
        return Response(status: .temporaryRedirect, headers: [.location: "/media/\(id)/content?Signature=\(media.token)"])
    }

    private func mediaContent(_ request: Request, id: String) -> Response {
        let token = FakeTwilioForm.parse(request.uri.query ?? "").first { $0.name == "Signature" }?.value
        guard let media = state.withLock({ $0.media[id] }), token == media.token else { return Self.notFound(request.uri.path) }
        let headers: HTTPFields = [.contentType: media.contentType]
        guard media.chunked else { return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: media.data))) }
        let chunks = stride(from: 0, to: media.data.count, by: 4096).map { ByteBuffer(bytes: media.data[$0..<min($0 + 4096, media.data.count)]) }
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            for chunk in chunks {
                try await writer.write(chunk)
            }
            try await writer.finish(nil)
        })
    }

    // MARK: - Helpers

    /// The basic auth user when the request authenticates for `account` (its SID and auth token,
    /// or one of its API keys); nil otherwise.
    private func authenticatedUser(_ request: Request, account: String?) -> String? {
        guard account == accountSID, let header = request.headers[.authorization], header.hasPrefix("Basic "),
              let decoded = Data(base64Encoded: String(header.dropFirst(6))), let text = String(data: decoded, encoding: .utf8),
              let colon = text.firstIndex(of: ":") else { return nil }
        let user = String(text[..<colon])
        let password = String(text[text.index(after: colon)...])
        if user == accountSID, password == authToken { return user }
        if let secret = configuration.apiKeys[user], secret == password { return user }
        return nil
    }

    /// `+` and 2 to 15 digits, the first not 0.
    static func isE164(_ number: String) -> Bool {
        let digits = number.utf8.dropFirst()
        return number.hasPrefix("+") && (2...15).contains(digits.count)
            && digits.allSatisfy { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) } && digits.first != UInt8(ascii: "0")
    }

    static func json(_ status: HTTPResponse.Status, _ data: Data) -> Response {
        Response(status: status, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func error(_ code: Int, _ message: String) -> Response {
        json(.badRequest, FakeTwilioResources.error(code: code, message: message, status: 400))
    }

    static func unauthorized() -> Response {
        var response = json(.unauthorized, FakeTwilioResources.error(
            code: 20003, message: "Authenticate", status: 401, detail: "Your AccountSid or AuthToken was incorrect."))
        response.headers[.wwwAuthenticate] = #"Basic realm="Twilio API""#
        return response
    }

    static func notFound(_ path: String) -> Response {
        json(.notFound, FakeTwilioResources.error(code: 20404, message: "The requested resource \(path) was not found", status: 404))
    }
}
