import AsyncHTTPClient
import Foundation
import NIOCore

extension TwilioProvider {
    /// How many redirects a media download follows (Twilio's media URLs redirect to storage).
    static let maxMediaRedirects = 5

    /// Downloads an inbound MMS attachment (`MediaUrl{N}`).
    ///
    /// Sends the account's basic auth only to the API's own origin, where Twilio media live and may
    /// require it; a redirect elsewhere (Twilio's storage) goes without it. Follows up to
    /// ``maxMediaRedirects`` redirects itself, whatever the HTTP client's redirect setting. Refuses
    /// non-http(s) URLs and bodies over `maxBytes`. Throws ``SMSProviderError``.
    public func fetchMedia(_ media: IncomingMedia, maxBytes: Int) async throws -> (data: [UInt8], contentType: String) {
        guard var url = URL(string: media.url), Self.isHTTP(url) else {
            throw SMSProviderError("The media URL of the MMS is not an http(s) URL", isTransient: false)
        }
        for _ in 0...Self.maxMediaRedirects {
            var request = HTTPClientRequest(url: url.absoluteString)
            if Self.origin(of: url) == Self.origin(of: URL(string: apiBaseURL)) {
                request.headers.add(name: "Authorization", value: credentials.authorization(accountSID: accountSID))
            }
            let response: HTTPClientResponse
            do {
                response = try await httpClient.execute(request, timeout: requestTimeout)
            } catch {
                throw TwilioResponseError.unreachable(url.host ?? "the media URL", error)
            }
            switch response.status.code {
            case 200:
                return try await read(response, maxBytes: maxBytes, declaredType: media.contentType)
            case 301, 302, 303, 307, 308:
                guard let location = response.headers.first(name: "Location"),
                      let next = URL(string: location, relativeTo: url)?.absoluteURL, Self.isHTTP(next) else {
                    throw SMSProviderError("Twilio redirected the media download nowhere usable", isTransient: false)
                }
                url = next
            case 401, 403:
                throw SMSProviderError(
                    "Twilio refused the media download (HTTP \(response.status.code)): \(credentials.checkHint)", isTransient: false)
            case 404, 410:
                throw SMSProviderError("The MMS media no longer exists at Twilio", isTransient: false)
            case 429, 500...:
                throw SMSProviderError("Twilio could not serve the media now (HTTP \(response.status.code))", isTransient: true)
            default:
                throw SMSProviderError("The media download failed (HTTP \(response.status.code))", isTransient: false)
            }
        }
        throw SMSProviderError("The media download was redirected more than \(Self.maxMediaRedirects) times", isTransient: false)
    }

    private func read(_ response: HTTPClientResponse, maxBytes: Int, declaredType: String?) async throws -> (data: [UInt8], contentType: String) {
        let tooLarge = SMSProviderError("The MMS media is larger than the limit of \(maxBytes) bytes", isTransient: false)
        if let length = response.headers.first(name: "Content-Length").flatMap(Int.init), length > maxBytes {
            throw tooLarge
        }
        // Counted as it arrives: a missing or lying Content-Length must not get past the cap.
        var data: [UInt8] = []
        do {
            for try await chunk in response.body {
                guard data.count + chunk.readableBytes <= maxBytes else { throw tooLarge }
                data.append(contentsOf: chunk.readableBytesView)
            }
        } catch let error as SMSProviderError {
            throw error
        } catch {
            throw SMSProviderError("The media download broke off: \(error)", isTransient: true)
        }
        let contentType = response.headers.first(name: "Content-Type") ?? declaredType ?? "application/octet-stream"
        return (data, contentType)
    }

    private static func isHTTP(_ url: URL) -> Bool {
        guard let scheme = url.scheme?.lowercased(), url.host != nil else { return false }
        return scheme == "https" || scheme == "http"
    }

    /// Scheme, host and port with the scheme's default filled in: what "same server" means for credentials.
    private static func origin(of url: URL?) -> String? {
        guard let url, let scheme = url.scheme?.lowercased(), let host = url.host?.lowercased() else { return nil }
        let port = url.port ?? (scheme == "https" ? 443 : 80)
        return "\(scheme)://\(host):\(port)"
    }
}
