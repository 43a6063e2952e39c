import AsyncHTTPClient
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
@testable import Pontoon
import PontoonMatrix
import Testing

/// Public media links: signing, the route's refusals, what is served how, and the text a network
/// gets for a file. Fetching a real file from Synapse is in the IRC end-to-end tests.
@Suite("Public media links")
struct PublicMediaTests {
    static let signer = PublicMediaSigner(signingKey: "", asToken: "as-token-for-tests")
    static let media = try! MXCURI(validating: "mxc://example.org/AbCdEf123_-x")

    /// The path's parts after the prefix, percent-decoded as the router hands them over.
    static func parts(_ path: String) -> [String] {
        path.dropFirst(PublicMediaSigner.pathPrefix.count + 1).split(separator: "/").map { String($0).removingPercentEncoding ?? "" }
    }

    static func verify(_ parts: [String], with signer: PublicMediaSigner = signer) -> PublicMediaSigner.Link? {
        guard parts.count == 5 else { return nil }
        return signer.verify(server: parts[0], mediaID: parts[1], expiry: parts[2], signature: parts[3], fileName: parts[4])
    }

    @Test func aLinkVerifiesAsWhatItWasMadeFor() throws {
        let link = PublicMediaSigner.Link(media: Self.media, expiry: 1_900_000_000, fileName: "my cat ü.png")
        let path = Self.signer.path(for: link)
        #expect(path.hasPrefix("/_pontoon/media/v1/example.org/AbCdEf123_-x/1900000000/"))
        #expect(path.hasSuffix("/my%20cat%20%C3%BC.png"))
        #expect(Self.verify(Self.parts(path)) == link)
    }

    @Test(arguments: 0..<5) func changingAnyPartBreaksTheSignature(_ index: Int) throws {
        let link = PublicMediaSigner.Link(media: Self.media, expiry: 0, fileName: "a.png")
        var parts = Self.parts(Self.signer.path(for: link))
        let replacements = ["evil.org", "OtherMedia", "1", parts[3].uppercased() == parts[3] ? parts[3].lowercased() : parts[3].uppercased(), "a.exe"]
        parts[index] = replacements[index]
        #expect(Self.verify(parts) == nil)
    }

    @Test func anotherKeyMakesOtherSignatures() {
        let link = PublicMediaSigner.Link(media: Self.media, expiry: 0, fileName: "a.png")
        let parts = Self.parts(Self.signer.path(for: link))
        #expect(Self.verify(parts, with: PublicMediaSigner(signingKey: "", asToken: "another-token")) == nil)
        #expect(Self.verify(parts, with: PublicMediaSigner(signingKey: "as-token-for-tests", asToken: "x")) != nil)
        #expect(Self.verify(parts, with: PublicMediaSigner(signingKey: "explicit", asToken: "as-token-for-tests")) == nil)
    }

    @Test(arguments: [
        ["example.org", "id", "007", "sig", "a"], ["example.org", "id", "-1", "sig", "a"], ["example.org", "id", "1e9", "sig", "a"],
        ["example.org", "id", "99999999999999999999999", "sig", "a"], ["bad server!", "id", "0", "sig", "a"],
        ["example.org", "../../etc", "0", "sig", "a"], ["example.org", "", "0", "", ""], ["", "", "", "", ""],
        ["example.org", "id", "0", String(repeating: "A", count: 10_000), "a"],
    ])
    func hostileParametersAreRefused(_ parts: [String]) {
        #expect(Self.verify(parts) == nil)
    }

    @Test(arguments: [
        ("../../etc/passwd", "....etcpasswd"), ("", "file"), ("..", "file"), ("a\r\nb\u{0}c", "abc"),
        ("  spaced  ", "spaced"), (String(repeating: "x", count: 500), String(repeating: "x", count: 100)),
    ])
    func fileNamesAreMadeSafe(_ given: String, _ expected: String) {
        #expect(PublicMediaSigner.safeFileName(given) == expected)
    }

    @Test(arguments: [
        ("image/png", "image/png", true), ("IMAGE/JPEG; foo=bar", "image/jpeg", true), ("text/plain", "text/plain; charset=utf-8", true),
        ("text/html", "application/octet-stream", false), ("image/svg+xml", "application/octet-stream", false),
        (nil, "application/octet-stream", false), ("garbage", "application/octet-stream", false),
        ("image/png\r\nSet-Cookie: x", "application/octet-stream", false), ("application/pdf", "application/octet-stream", false),
    ] as [(String?, String, Bool)])
    func onlyHarmlessTypesAreShownInPlace(_ given: String?, _ type: String, _ inline: Bool) {
        let served = PublicMediaRoute.servedType(given)
        #expect(served.contentType == type)
        #expect(served.inline == inline)
    }

    @Test func theDispositionCarriesTheNameSafely() {
        #expect(PublicMediaRoute.disposition(inline: false, fileName: "a \"b\" ü.txt")
                == "attachment; filename=\"a _b_ _.txt\"; filename*=UTF-8''a%20%22b%22%20%C3%BC%2Etxt")
        #expect(PublicMediaRoute.disposition(inline: true, fileName: "x.png").hasPrefix("inline; "))
    }

    // MARK: - The route's refusals

    private static func withRoute(now: Date = Date(), _ body: @escaping @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        let homeserver = HomeserverClient(
            homeserverURL: URL(string: "http://127.0.0.1:9")!, asToken: "as-token-for-tests", appserviceID: "test",
            botUserID: try UserID(validating: "@bot:example.org"), httpClient: Self.http, retryPolicy: .never,
            logger: Logger(label: "test"))
        let route = PublicMediaRoute(signer: signer, bot: homeserver.bot, maxBytes: 1 << 20, logger: Logger(label: "test"),
                                     now: { now })
        let router = Router()
        route.install(on: router)
        try await Application(router: router).test(.router, body)
    }

    @Test func aForgedLinkIsNotFound() async throws {
        try await Self.withRoute { client in
            try await client.execute(uri: "/_pontoon/media/v1/example.org/AbCdEf123_-x/0/AAAAAAAAAAAAAAAAAAAAAA/a.png", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(String(buffer: response.body).contains("M_NOT_FOUND"))
            }
            try await client.execute(uri: "/_pontoon/media/v1/%00/%ZZ/x/y/z", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
    }

    @Test func anExpiredLinkIsGone() async throws {
        let link = PublicMediaSigner.Link(media: Self.media, expiry: 1_000, fileName: "a.png")
        let path = Self.signer.path(for: link)
        try await Self.withRoute(now: Date(timeIntervalSince1970: 2_000)) { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .gone)
                #expect(String(buffer: response.body).contains("expired"))
            }
        }
    }

    @Test func aHomeserverThatCantBeReachedIsABadGateway() async throws {
        let path = Self.signer.path(for: .init(media: Self.media, expiry: 0, fileName: "a.png"))
        try await Self.withRoute { client in
            try await client.execute(uri: path, method: .get) { response in
                #expect(response.status == .badGateway)
            }
        }
    }

    // MARK: - What the network gets

    @Test func aFileBecomesItsLinkOrItsName() throws {
        var content = MessageContent(msgtype: .image, body: "photo.jpg")
        content.url = Self.media
        content.info = MediaInfo(mimetype: "image/jpeg", size: 123_456)
        #expect(MediaFallbackText.describe(content, kind: .image, links: nil) == "(image: photo.jpg)")
        let config = try Self.config(publicMedia: "{enabled: true, external_url: \"https://bridge.example.org/sub/\"}")
        let links = try #require(PublicMediaLinks(config: config, bot: Self.bot))
        let text = MediaFallbackText.describe(content, kind: .image, links: links)
        #expect(text.hasPrefix("photo.jpg (image, 120 KiB): https://bridge.example.org/sub/_pontoon/media/v1/example.org/AbCdEf123_-x/0/"))
        #expect(text.hasSuffix("/photo.jpg"))

        content.filename = "photo.jpg"
        content.body = "look at this"
        #expect(MediaFallbackText.describe(content, kind: .image, links: nil) == "look at this\n(image: photo.jpg)")
        content.file = EncryptedFile(url: Self.media, key: JSONWebKey(k: "x"), iv: "x", hashes: ["sha256": "x"])
        content.url = nil
        #expect(MediaFallbackText.describe(content, kind: .image, links: links) == "look at this\n(image: photo.jpg)")
    }

    @Test func linksExpireWhenConfiguredTo() throws {
        let config = try Self.config(publicMedia: "{enabled: true, external_url: \"https://b.example.org\", expiry_hours: 2}")
        let links = try #require(PublicMediaLinks(config: config, bot: Self.bot))
        let url = links.link(for: Self.media, fileName: "a", now: Date(timeIntervalSince1970: 1_000))
        #expect(url.contains("/\(1_000 + 7_200)/"))
    }

    @Test(arguments: [0, 1_023, 1_024, 5 << 20 + 400_000])
    func sizesReadLikeAFileManagerShowsThem(_ bytes: Int) {
        let expected = [0: "0 B", 1_023: "1023 B", 1_024: "1 KiB", 5 << 20 + 400_000: "5.3 MiB"]
        #expect(MediaFallbackText.byteCount(bytes) == expected[bytes])
    }

    @Test func theConfigSaysWhatIsMissing() throws {
        let problems = try Self.problems(publicMedia: "{enabled: true, expiry_hours: -1, max_bytes: 0}")
        #expect(problems.contains { $0.contains("public_media.external_url") && $0.contains("required") })
        #expect(problems.contains { $0.contains("public_media.expiry_hours") })
        #expect(problems.contains { $0.contains("public_media.max_bytes") })
        #expect(try Self.problems(publicMedia: "{enabled: true, external_url: \"ftp://x\"}").contains { $0.contains("public_media.external_url") })
        #expect(try PublicMediaLinks(config: Self.config(publicMedia: "{enabled: false, external_url: \"https://x.org\"}"), bot: Self.bot) == nil)
    }

    static func config(publicMedia: String) throws -> BridgeConfig {
        try ConfigFixtures.load(ConfigFixtures.minimal + "public_media: \(publicMedia)\n").config
    }

    /// The config's problems, one line each (`key: message`).
    static func problems(publicMedia: String) throws -> [String] {
        guard let error = ConfigFixtures.error(loading: ConfigFixtures.minimal + "public_media: \(publicMedia)\n") else { return [] }
        return error.problems.map { "\($0)" }
    }

    /// Fails at once when nothing listens, as the bridge's own client does.
    static let http = HTTPClient(eventLoopGroupProvider: .singleton, configuration: BridgeRuntime.httpClientConfiguration)

    static let bot = HomeserverClient(
        homeserverURL: URL(string: "http://127.0.0.1:9")!, asToken: "t", appserviceID: "test",
        botUserID: try! UserID(validating: "@bot:example.org"), httpClient: HTTPClient.shared, logger: Logger(label: "test")).bot
}
