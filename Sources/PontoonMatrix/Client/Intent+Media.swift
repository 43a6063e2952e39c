import Foundation
import NIOCore
import NIOFoundationCompat

/// Media under authenticated media (Synapse's default since 1.120-ish, and on 1.163).
extension Intent {
    /// Uploads `data` as this user (`POST /_matrix/media/v3/upload`); returns its `mxc://` URI.
    ///
    /// - Parameter maxBytes: refuse before sending when the data is larger (pass the homeserver's
    ///   ``MediaConfig/maxUploadBytes``); the homeserver would refuse it anyway after the transfer.
    ///
    /// Repeated only after a 429 or when no connection could be made: a lost answer may hide a
    /// finished upload, and a repeat would store the file twice.
    public func upload(
        _ data: ByteBuffer, contentType: String, filename: String? = nil, maxBytes: Int? = nil
    ) async throws -> MXCURI {
        if let maxBytes, data.readableBytes > maxBytes {
            throw HomeserverClientError.tooLarge(endpoint: "upload", size: data.readableBytes, limit: maxBytes)
        }
        return try await upload(body: .bytes(data, contentType: contentType), filename: filename,
            retry: .notIdempotent)
    }

    /// Uploads `data`; the `Data` form of the `ByteBuffer` upload, with the same limit and retries.
    public func upload(_ data: Data, contentType: String, filename: String? = nil, maxBytes: Int? = nil)
        async throws -> MXCURI
    {
        try await upload(ByteBuffer(data: data), contentType: contentType, filename: filename, maxBytes: maxBytes)
    }

    /// Uploads a stream of exactly `length` bytes without holding it in memory. A stream can't be
    /// replayed, so this makes a single attempt.
    public func upload<Bytes: AsyncSequence & Sendable>(
        streaming bytes: Bytes, length: Int, contentType: String, filename: String? = nil, maxBytes: Int? = nil
    ) async throws -> MXCURI where Bytes.Element == ByteBuffer {
        if let maxBytes, length > maxBytes {
            throw HomeserverClientError.tooLarge(endpoint: "upload", size: length, limit: maxBytes)
        }
        return try await upload(body: .stream(.stream(bytes, length: .known(Int64(length))), contentType: contentType),
            filename: filename, retry: .singleAttempt)
    }

    /// Downloads media through the authenticated path `/_matrix/client/v1/media/download/{server}/{id}`
    /// (the legacy `/_matrix/media/v3/download` answers 404 for authenticated media).
    ///
    /// Throws ``HomeserverClientError/tooLarge(endpoint:size:limit:)`` when the body exceeds `maxBytes`.
    public func download(_ mxc: MXCURI, maxBytes: Int) async throws -> DownloadedMedia {
        let response = try await send(.GET, MatrixPath.client("v1", "media", "download", mxc.server, mxc.mediaID),
            endpoint: "download", retry: .idempotent, timeout: client.mediaTimeout, maxResponseBytes: maxBytes)
        return DownloadedMedia(
            body: response.body, contentType: response.headers.first(name: "Content-Type"),
            filename: response.headers.first(name: "Content-Disposition").flatMap(ContentDisposition.filename(in:)))
    }

    /// The homeserver's media limits.
    public func mediaConfig() async throws -> MediaConfig {
        try await sendJSON(.GET, MatrixPath.client("v1", "media", "config"), endpoint: "media_config",
            retry: .idempotent, json: noBody, as: MediaConfig.self)
    }

    private func upload(body: HomeserverRequestBody, filename: String?, retry: RequestRetryClass) async throws -> MXCURI {
        struct UploadResponse: Decodable {
            let contentURI: MXCURI
            enum CodingKeys: String, CodingKey { case contentURI = "content_uri" }
        }
        let query = filename.map { [HomeserverRequest.QueryItem(name: "filename", value: $0)] } ?? []
        let response = try await send(.POST, MatrixPath.media("v3", "upload"), endpoint: "upload", retry: retry,
            query: query, body: body, timeout: client.mediaTimeout)
        return try response.decode(UploadResponse.self, endpoint: "upload").contentURI
    }
}
