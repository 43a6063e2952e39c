import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PontoonMatrix

/// Serves public media links on the bridge's listener: checks the signature and the expiry, then
/// fetches the file from the homeserver as the bot and hands it out.
///
/// Files are served so that a browser can't be turned against the bridge's origin: inline only
/// for images, audio, video and plain text (never SVG or HTML), with `nosniff` and a sandboxing
/// content security policy.
struct PublicMediaRoute: Sendable {
    let signer: PublicMediaSigner
    let bot: Intent
    let maxBytes: Int
    let logger: Logger
    var now: @Sendable () -> Date = { Date() }

    func install(on router: Router<BasicRequestContext>) {
        router.get("\(PublicMediaSigner.pathPrefix)/:server/:media/:expiry/:signature/:filename") { _, context in
            try await serve(context)
        }
    }

    func serve(_ context: BasicRequestContext) async throws -> Response {
        func parameter(_ name: String) -> String? { context.parameters.get(name)?.removingPercentEncoding }
        guard let server = parameter("server"), let mediaID = parameter("media"), let expiry = parameter("expiry"),
              let signature = parameter("signature"), let fileName = parameter("filename"),
              let link = signer.verify(server: server, mediaID: mediaID, expiry: expiry, signature: signature, fileName: fileName)
        else {
            throw MatrixErrorResponse(.notFound, "M_NOT_FOUND", "No such media link")
        }
        if link.expiry != 0, Int64(now().timeIntervalSince1970) > link.expiry {
            throw MatrixErrorResponse(.gone, "M_NOT_FOUND", "This media link has expired")
        }
        let downloaded: DownloadedMedia
        do {
            downloaded = try await bot.download(link.media, maxBytes: maxBytes)
        } catch let error as MatrixError where error.statusCode == 404 {
            throw MatrixErrorResponse(.notFound, "M_NOT_FOUND", "The homeserver no longer has this file")
        } catch HomeserverClientError.tooLarge {
            throw MatrixErrorResponse(.contentTooLarge, "M_TOO_LARGE", "The file is larger than this bridge serves (public_media.max_bytes)")
        } catch {
            logger.warning("Public media not fetched", metadata: ["media": "\(link.media)", "error": "\(error)"])
            throw MatrixErrorResponse(.badGateway, "M_UNKNOWN", "The homeserver did not hand out the file; try again later")
        }
        let type = Self.servedType(downloaded.contentType)
        var headers = HTTPFields()
        headers[.contentType] = type.contentType
        headers[.contentDisposition] = Self.disposition(inline: type.inline, fileName: link.fileName)
        headers[.xContentTypeOptions] = "nosniff"
        headers[.contentSecurityPolicy] = "sandbox; default-src 'none'; style-src 'unsafe-inline'; media-src 'self'; img-src 'self'"
        headers[.cacheControl] = link.expiry == 0 ? "public, max-age=86400" : "private, max-age=3600"
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: downloaded.body))
    }

    /// The type to answer with, and whether a browser may show it in place.
    static func servedType(_ contentType: String?) -> (contentType: String, inline: Bool) {
        let given = (contentType ?? "").trimmingCharacters(in: .whitespaces)
        let essence = given.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() } ?? ""
        guard !essence.isEmpty, essence.contains("/"), !given.contains(where: { $0.isNewline }) else {
            return ("application/octet-stream", false)
        }
        if essence == "text/plain" { return ("text/plain; charset=utf-8", true) }
        let showable = ["image/", "audio/", "video/"].contains { essence.hasPrefix($0) } && !essence.contains("svg")
        return (showable ? essence : "application/octet-stream", showable)
    }

    /// `Content-Disposition` with the name both as a plain ASCII fallback and RFC 5987 UTF-8.
    static func disposition(inline: Bool, fileName: String) -> String {
        let ascii = String(fileName.unicodeScalars.map { $0.isASCII && $0 != "\"" && $0.value >= 0x20 ? Character($0) : "_" })
        let encoded = fileName.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "file"
        return "\(inline ? "inline" : "attachment"); filename=\"\(ascii)\"; filename*=UTF-8''\(encoded)"
    }
}
