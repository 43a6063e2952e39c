import Logging
import Pontoon
import PontoonMatrix
@testable import PontoonIRC
import PontoonTestSupport
import Testing

/// SASL against real services: InspIRCd handing SASL to Atheme, over TLS.
@Suite("IRC SASL against InspIRCd with Atheme services", .serialized, RigAvailability.ircServicesTrait)
struct IRCServicesTests {
    static func network(_ services: IRCServicesRig) -> IRCNetwork {
        let server = IRCServerConfig(host: "127.0.0.1", port: services.tlsPort, tls: true, verifyTLS: false, flood: .unlimited)
        return IRCNetwork(config: IRCBridgeConfig(servers: ["test": server]))
    }

    @Test func saslPlainLogsInToARegisteredAccountAndAWrongPasswordIsRefused() async throws {
        try await withIRCServices { services in
            try await services.register(account: "alice", password: "correct-horse")
            let network = Self.network(services)
            let owner = try UserID(validating: "@alice:localhost")
            let good = try await network.startLogin(flowID: "sasl", for: owner)
            _ = try await good.start()
            let step = try await good.submit(["nick": "alice_m", "account": "alice", "password": "correct-horse"])
            guard case .complete(let result) = step else { Issue.record("not complete: \(step)"); return }
            #expect(result.metadata["sasl_account"] == "alice")

            let bad = try await network.startLogin(flowID: "sasl", for: owner)
            _ = try await bad.start()
            let error = await #expect(throws: LoginError.self) {
                try await bad.submit(["nick": "alice_m", "account": "alice", "password": "wrong"])
            }
            #expect(error?.userMessage.contains("SASL") == true)
        }
    }

    /// The certificate the bridge makes is accepted once NickServ knows its fingerprint, and a
    /// certificate it does not know is refused.
    @Test func saslExternalLogsInWithACertificateNickServKnows() async throws {
        try await withIRCServices { services in
            try await services.register(account: "bob", password: "battery-staple")
            let server = IRCServerConfig(host: "127.0.0.1", port: services.tlsPort, tls: true, verifyTLS: false, flood: .unlimited)
            let certificate = try IRCClientCertificate.generate(commonName: "bob")

            // Bob, logged in by password, adds the fingerprint the way `certfp` does.
            let withPassword = IRCLoginCredentials(server: "test", nick: "bob", saslAccount: "bob", saslPassword: "battery-staple")
            let (client, events) = IRCClientServerTests.client(settings: IRCNetwork.settings(for: withPassword, on: server))
            await client.start()
            _ = try await events.waitFor(IRCClientServerTests.isReady)
            _ = try await client.sendMessage(to: "NickServ", text: "CERT ADD \(certificate.fingerprint)")
            _ = try await events.waitFor {
                if case .line(let message, _, _) = $0 { return message.command == "NOTICE" && message.parameters.last?.contains(certificate.fingerprint) == true }
                return false
            }
            await client.stop(quitMessage: "done")

            var withCertificate = IRCLoginCredentials(server: "test", nick: "bob_cert", saslAccount: "bob")
            withCertificate.clientCertificate = certificate
            #expect(withCertificate.authentication == .saslExternal)
            try await IRCLoginProcess.tryConnecting(IRCNetwork.settings(for: withCertificate, on: server))

            var stranger = withCertificate
            stranger.clientCertificate = try IRCClientCertificate.generate(commonName: "mallory")
            await #expect(throws: LoginError.self) {
                try await IRCLoginProcess.tryConnecting(IRCNetwork.settings(for: stranger, on: server))
            }
        }
    }
}

@Suite("IRC client certificates")
struct IRCClientCertificateTests {
    @Test func aGeneratedCertificateSurvivesTheLoginMetadataAndReplacesThePassword() throws {
        let certificate = try IRCClientCertificate.generate(commonName: "alice")
        #expect(certificate.fingerprint.count == 64)
        #expect(certificate.fingerprint.allSatisfy { $0.isHexDigit && !$0.isUppercase })
        var credentials = IRCLoginCredentials(server: "test", nick: "alice", saslAccount: "alice")
        credentials.clientCertificate = certificate
        let restored = try IRCLoginCredentials(metadata: credentials.metadata)
        #expect(restored.clientCertificate == certificate)
        #expect(restored.authentication == .saslExternal)
        #expect(credentials.metadata["sasl_password"] == nil)
    }

    @Test func twoCertificatesHaveDifferentFingerprints() throws {
        let first = try IRCClientCertificate.generate(commonName: "alice")
        let second = try IRCClientCertificate.generate(commonName: "alice")
        #expect(first.fingerprint != second.fingerprint)
    }

    @Test func hostileStoredCertificatesAreAClearLoginError() throws {
        let good = try IRCClientCertificate.generate(commonName: "alice")
        let cases: [(String, String)] = [
            ("", good.privateKeyPEM),
            ("-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----", good.privateKeyPEM),
            (good.privateKeyPEM, good.privateKeyPEM),
            (good.certificatePEM, "just text"),
            (String(repeating: "A", count: 100_000), "\u{0}"),
        ]
        for (certificate, key) in cases {
            let metadata: JSONValue = ["server": "test", "nick": "alice", "client_certificate": .string(certificate), "client_key": .string(key)]
            #expect(throws: LoginError.self) { try IRCLoginCredentials(metadata: metadata) }
        }
    }

    @Test func aServerWithoutTLSNeverGetsTheCertificate() throws {
        var credentials = IRCLoginCredentials(server: "test", nick: "alice")
        credentials.clientCertificate = try IRCClientCertificate.generate(commonName: "alice")
        let plain = IRCNetwork.settings(for: credentials, on: IRCServerConfig(host: "h", tls: false))
        #expect(plain.clientCertificate == nil)
        let tls = IRCNetwork.settings(for: credentials, on: IRCServerConfig(host: "h", tls: true))
        #expect(tls.clientCertificate == credentials.clientCertificate)
    }
}

@Suite("IRC login metadata: channels")
struct IRCLoginChannelsTests {
    @Test func channelsAndKeysSurviveTheMetadata() throws {
        var credentials = IRCLoginCredentials(server: "test", nick: "alice")
        credentials.channels = [IRCWantedChannel(name: "#a"), IRCWantedChannel(name: "#b", key: "sesame")]
        #expect(try IRCLoginCredentials(metadata: credentials.metadata).channels == credentials.channels)
    }

    @Test func hostileChannelEntriesAreDroppedAndTheListIsCapped() throws {
        let hostile: [JSONValue] = [
            ["name": "#ok"], ["name": ""], ["name": "#a b"], ["name": "#x\r\nQUIT"], ["name": "#y,#z"], ["name": 5], "#bare",
            ["name": .string("#" + String(repeating: "l", count: 300))], ["name": "#keyed", "key": "a b"], ["name": "#nul\u{0}"],
        ]
        let metadata: JSONValue = ["server": "test", "nick": "alice", "channels": .array(hostile)]
        let channels = try IRCLoginCredentials(metadata: metadata).channels
        #expect(channels == [IRCWantedChannel(name: "#ok"), IRCWantedChannel(name: "#keyed")])

        let many = JSONValue.array((0..<2000).map { ["name": .string("#c\($0)")] })
        let capped = try IRCLoginCredentials(metadata: ["server": "test", "nick": "alice", "channels": many]).channels
        #expect(capped.count == IRCLoginCredentials.maxChannels)
    }
}
