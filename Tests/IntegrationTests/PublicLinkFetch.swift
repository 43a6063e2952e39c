import AsyncHTTPClient
import Foundation
import NIOCore

/// Fetches a public media link the way someone on IRC would: a plain GET, no Matrix credentials.
enum PublicLinkFetch {
    struct Answer {
        var status: Int
        var body: [UInt8]
        /// Header names lowercased.
        var headers: [String: String]
    }

    static func get(_ url: String) async throws -> Answer {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 10 << 20)
        var headers: [String: String] = [:]
        for header in response.headers { headers[header.name.lowercased()] = header.value }
        return Answer(status: Int(response.status.code), body: Array(body.readableBytesView), headers: headers)
    }
}
