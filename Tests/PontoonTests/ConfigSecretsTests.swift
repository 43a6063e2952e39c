import Foundation
@testable import Pontoon
import Testing

@Suite("Config errors and descriptions never show secrets")
struct ConfigSecretsTests {
    static let secrets = [
        "SuperSecretAsToken1", "SuperSecretHsToken2", "SuperSecretPickle3", "SuperSecretPuppet4", "PostgresPassword5",
    ]

    func expectNoSecret(in text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        for secret in Self.secrets {
            #expect(!text.contains(secret), "leaked \(secret) in: \(text)", sourceLocation: sourceLocation)
        }
    }

    /// Invalid configs whose secrets sit in or next to the broken keys.
    static let hostileConfigs: [String] = [
        // Tokens as lists, mappings and with spaces.
        """
        homeserver: {address: http://localhost:8008, domain: example.org}
        appservice:
          address: http://localhost:29333
          as_token: [SuperSecretAsToken1]
          hs_token: {SuperSecretHsToken2: 1}
        """,
        """
        homeserver: {address: http://localhost:8008, domain: example.org}
        appservice:
          address: http://localhost:29333
          as_token: "SuperSecretAsToken1 with spaces"
          hs_token: "SuperSecretHsToken2\\u0001"
        """,
        // Secrets in the places where addresses go.
        """
        homeserver: {address: SuperSecretAsToken1, domain: SuperSecretHsToken2!}
        appservice: {address: "SuperSecretPickle3://x", as_token: a, hs_token: b}
        """,
        // A short pickle key, a broken double-puppet entry, a Postgres URL with a password.
        """
        homeserver: {address: http://localhost:8008, domain: example.org}
        appservice: {address: http://localhost:29333, as_token: SuperSecretAsToken1, hs_token: SuperSecretAsToken1}
        encryption: {allow: true, pickle_key: SuperSecretPickle3}
        double_puppet:
          secrets:
            "bad server": "as_token:"
            example.org: [SuperSecretPuppet4]
        database: {type: postgres, uri: "mysql://u:PostgresPassword5@h/db"}
        """,
        // Syntax errors on the lines that hold secrets.
        """
        appservice:
          as_token: "SuperSecretAsToken1
        """,
        """
        appservice:
          as_token: SuperSecretAsToken1: SuperSecretHsToken2
        """,
        """
        appservice:
          as_token: SuperSecretAsToken1
          as_token: SuperSecretHsToken2
        """,
        "appservice:\n  as_token: SuperSecretAsToken1\u{1}\n",
        "appservice:\n\tas_token: SuperSecretAsToken1\n",
        "- SuperSecretAsToken1\n- SuperSecretHsToken2\n",
        "SuperSecretAsToken1",
    ]

    @Test(arguments: hostileConfigs)
    func invalidConfigErrorsDoNotContainSecrets(text: String) {
        let error = ConfigFixtures.error(loading: text)
        #expect(error != nil)
        expectNoSecret(in: error?.description ?? "")
        expectNoSecret(in: String(reflecting: error as Any))
    }

    @Test func describingALoadedConfigDoesNotShowSecrets() throws {
        let text = """
        homeserver: {address: http://localhost:8008, domain: example.org}
        appservice: {address: http://localhost:29333, as_token: SuperSecretAsToken1, hs_token: SuperSecretHsToken2}
        encryption: {allow: true, pickle_key: SuperSecretPickle3SuperSecretPickle3}
        double_puppet: {secrets: {example.org: "as_token:SuperSecretPuppet4"}}
        database: {type: postgres, uri: "postgres://u:PostgresPassword5@h/db"}
        """
        let config = try ConfigFixtures.load(text).config
        expectNoSecret(in: "\(config)")
        expectNoSecret(in: "\(config.appservice) \(config.encryption) \(config.doublePuppet) \(config.database)")
        expectNoSecret(in: String(reflecting: config.appservice) + String(reflecting: config.encryption)
            + String(reflecting: config.doublePuppet) + String(reflecting: config.database))
    }
}
