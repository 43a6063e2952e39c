import Foundation
import Logging
import PontoonMatrix

/// Links to Matrix media that anyone can open (`public_media`): what the core sends to networks
/// that can't carry a file, and what plugins use for text too long to send whole (IRC).
public struct PublicMediaLinks: Sendable {
    let signer: PublicMediaSigner
    private let base: String
    private let expiryHours: Int
    private let bot: Intent

    /// Nil unless `public_media` is enabled with an external URL.
    init?(config: BridgeConfig, bot: Intent) {
        let media = config.publicMedia
        guard media.enabled, let url = media.externalURL else { return nil }
        signer = PublicMediaSigner(signingKey: media.signingKey, asToken: config.appservice.asToken)
        var base = url.absoluteString
        while base.hasSuffix("/") { base.removeLast() }
        self.base = base
        expiryHours = media.expiryHours
        self.bot = bot
    }

    /// The public URL of `media`, named `fileName` when downloaded.
    public func link(for media: MXCURI, fileName: String, now: Date = Date()) -> String {
        let expiry = expiryHours > 0 ? Int64(now.timeIntervalSince1970) + Int64(expiryHours) * 3600 : 0
        let link = PublicMediaSigner.Link(media: media, expiry: expiry, fileName: PublicMediaSigner.safeFileName(fileName))
        return base + signer.path(for: link)
    }

    /// Uploads `text` as a UTF-8 text file (as the bot) and returns its public URL.
    public func link(forText text: String, fileName: String = "message.txt") async throws -> String {
        let media = try await bot.upload(Data(text.utf8), contentType: "text/plain; charset=utf-8", filename: fileName)
        return link(for: media, fileName: fileName)
    }
}
