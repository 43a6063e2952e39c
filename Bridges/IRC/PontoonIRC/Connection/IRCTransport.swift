import NIOCore
import NIOPosix
import NIOSSL

/// Opens the TCP (optionally TLS) connection to an IRC server as an async channel of raw bytes;
/// framing and parsing happen above it, so this is the only file that knows about sockets.
enum IRCTransport {
    typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(_ settings: IRCConnectionSettings) async throws -> Channel {
        let tls = try settings.useTLS ? makeTLSContext(settings) : nil
        let serverHostname = isIPAddress(settings.host) ? nil : settings.host
        return try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connectTimeout(.milliseconds(settings.connectTimeout.components.seconds * 1000))
            .channelOption(.socketOption(.so_keepalive), value: 1)
            .connect(host: settings.host, port: settings.port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    if let tls {
                        try channel.pipeline.syncOperations.addHandler(
                            try NIOSSLClientHandler(context: tls, serverHostname: serverHostname))
                    }
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
    }

    private static func makeTLSContext(_ settings: IRCConnectionSettings) throws -> NIOSSLContext {
        var configuration = TLSConfiguration.makeClientConfiguration()
        if !settings.verifyTLS { configuration.certificateVerification = .none }
        if let client = settings.clientCertificate {
            configuration.certificateChain = try NIOSSLCertificate.fromPEMBytes(Array(client.certificatePEM.utf8)).map { .certificate($0) }
            configuration.privateKey = .privateKey(try NIOSSLPrivateKey(bytes: Array(client.privateKeyPEM.utf8), format: .pem))
        }
        return try NIOSSLContext(configuration: configuration)
    }

    private static func isIPAddress(_ host: String) -> Bool {
        (try? SocketAddress(ipAddress: host, port: 0)) != nil
    }
}
