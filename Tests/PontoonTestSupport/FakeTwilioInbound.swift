import Foundation

/// An incoming-message webhook request as the fake Twilio would post it; change it to tamper.
public struct FakeTwilioInbound: Sendable {
    /// The webhook URL, exactly as signed.
    public var url: String
    /// The form, in the order Twilio sends it.
    public var parameters: [(name: String, value: String)]
    /// `X-Twilio-Signature`, or nil to send none.
    public var signature: String?

    /// The form body as posted.
    public var body: String { FakeTwilioForm.encode(parameters) }

    /// The first value of parameter `name`.
    public subscript(name: String) -> String? {
        parameters.first { $0.name == name }?.value
    }

    /// Sets every `name` to `value` (appending it when absent), leaving the signature as it was.
    public mutating func set(_ name: String, _ value: String) {
        if parameters.contains(where: { $0.name == name }) {
            parameters = parameters.map { $0.name == name ? (name, value) : $0 }
        } else {
            parameters.append((name, value))
        }
    }
}

/// How ``FakeTwilio/sendInbound(to:from:to:body:media:messageSid:signing:)`` signs.
public enum FakeTwilioSigning: Sendable {
    /// Signed with the account's auth token over the webhook URL, as Twilio does.
    case valid
    /// No `X-Twilio-Signature` header.
    case unsigned
    /// A well-formed signature made with another token.
    case forged
    /// A header that is not a signature at all.
    case garbage
}

extension FakeTwilio {
    /// Builds the incoming-message webhook Twilio posts when `from` texts `to` (one of the account's
    /// numbers), with every parameter Twilio sends and each media item served at this fake's
    /// `/media/`, signed over `webhookURL`.
    public func makeInbound(
        to webhookURL: String, from: String, to: String, body: String,
        media: [(data: [UInt8], contentType: String)] = [], messageSid: String? = nil, signing: FakeTwilioSigning = .valid
    ) -> FakeTwilioInbound {
        let sid = messageSid ?? FakeTwilioResources.sid(media.isEmpty ? "SM" : "MM")
        let toPlace = Self.place(of: to)
        let fromPlace = Self.place(of: from)
        var pairs: [(name: String, value: String)] = [
            ("ToCountry", toPlace.country), ("ToState", toPlace.state), ("SmsMessageSid", sid), ("NumMedia", String(media.count)),
            ("ToCity", toPlace.city), ("FromZip", fromPlace.zip), ("SmsSid", sid), ("FromState", fromPlace.state),
            ("SmsStatus", "received"), ("FromCity", fromPlace.city), ("Body", body), ("FromCountry", fromPlace.country),
            ("To", to),
        ]
        if let service = configuration.messagingServiceSID { pairs.append(("MessagingServiceSid", service)) }
        pairs += [
            ("ToZip", toPlace.zip), ("NumSegments", String(FakeTwilioResources.segments(body))), ("MessageSid", sid),
            ("AccountSid", accountSID), ("From", from), ("ApiVersion", FakeTwilioResources.apiVersion),
        ]
        for (index, item) in media.enumerated() {
            pairs.append(("MediaContentType\(index)", item.contentType))
            pairs.append(("MediaUrl\(index)", addMedia(item.data, contentType: item.contentType)))
        }
        return FakeTwilioInbound(url: webhookURL, parameters: pairs, signature: signature(webhookURL, pairs, signing))
    }

    /// Posts an incoming message to `webhookURL` as Twilio would (see ``makeInbound(to:from:to:body:media:messageSid:signing:)``)
    /// and remembers it for ``replayLastInbound()``. Returns the webhook's status and body.
    @discardableResult
    public func sendInbound(
        to webhookURL: String, from: String, to: String, body: String,
        media: [(data: [UInt8], contentType: String)] = [], messageSid: String? = nil, signing: FakeTwilioSigning = .valid
    ) async throws -> (status: Int, body: String) {
        try await post(makeInbound(to: webhookURL, from: from, to: to, body: body, media: media, messageSid: messageSid, signing: signing))
    }

    /// Posts the last incoming message again, byte for byte: what a Twilio retry or a replay looks like.
    @discardableResult
    public func replayLastInbound() async throws -> (status: Int, body: String) {
        guard let last = state.withLock({ $0.lastInbound }) else { throw RigError.failed("no incoming message sent yet") }
        return try await post(last)
    }

    /// Posts `inbound` as it is (signature included) and remembers it for ``replayLastInbound()``.
    @discardableResult
    public func post(_ inbound: FakeTwilioInbound) async throws -> (status: Int, body: String) {
        state.withLock { $0.lastInbound = inbound }
        return try await Self.postForm(url: inbound.url, pairs: inbound.parameters, signature: inbound.signature)
    }

    /// The signature Twilio would send for `parameters` posted to `url`.
    public func sign(url: String, parameters: [(name: String, value: String)]) -> String {
        FakeTwilioForm.signature(url: url, pairs: parameters, authToken: authToken)
    }

    private func signature(_ url: String, _ pairs: [(name: String, value: String)], _ signing: FakeTwilioSigning) -> String? {
        switch signing {
        case .valid: sign(url: url, parameters: pairs)
        case .unsigned: nil
        case .forged: FakeTwilioForm.signature(url: url, pairs: pairs, authToken: FakeTwilioResources.sid(""))
        case .garbage: "not a signature!"
        }
    }

    /// Twilio fills the place fields from its number database; the fake knows only the test ranges.
    private static func place(of number: String) -> (country: String, state: String, city: String, zip: String) {
        number.hasPrefix("+1") ? ("US", "CA", "SAN FRANCISCO", "94105") : ("", "", "", "")
    }
}
