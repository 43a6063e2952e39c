import AsyncHTTPClient
import Pontoon

/// Builds a login's provider from its stored metadata and the bridge's config.
struct SMSProviders: Sendable {
    let config: SMSBridgeConfig
    let httpClient: HTTPClient

    func provider(for metadata: SMSLoginMetadata) throws -> any SMSProvider {
        switch metadata.provider {
        case .twilio: return try twilio(metadata)
        case .kannel:
            guard let kannel = config.kannel, let username = metadata.username, let password = metadata.password else {
                throw LoginError(userMessage: "This bridge no longer has a Kannel gateway configured; ask its admin.")
            }
            return KannelProvider(sendsmsURL: kannel.sendsmsURL, username: username, password: password, httpClient: httpClient,
                                  logger: .pontoon("sms-kannel"))
        }
    }

    /// Inbound MMS media: Twilio's URLs may want the account's credentials; Kannel has none.
    func mediaFetcher(for metadata: SMSLoginMetadata) -> @Sendable (IncomingMedia) async throws -> (data: [UInt8], contentType: String) {
        let maxBytes = config.maxMediaBytes
        guard metadata.provider == .twilio, let twilio = try? twilio(metadata) else {
            return { _ in throw SMSProviderError("This provider sends no media.", isTransient: false) }
        }
        return { media in try await twilio.fetchMedia(media, maxBytes: maxBytes) }
    }

    /// Checks a new Twilio login: the number must belong to the account.
    func verify(_ metadata: SMSLoginMetadata) async throws {
        _ = try await twilio(metadata).verify()
    }

    private func twilio(_ metadata: SMSLoginMetadata) throws -> TwilioProvider {
        guard let twilio = config.twilio, let sid = metadata.accountSID, let token = metadata.authToken else {
            throw LoginError(userMessage: "This bridge no longer offers Twilio; ask its admin.")
        }
        return TwilioProvider(accountSID: sid, credentials: .authToken(token), number: metadata.number, apiBaseURL: twilio.apiURL,
                              httpClient: httpClient, logger: .pontoon("sms-twilio"))
    }
}
