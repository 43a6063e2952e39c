import Foundation
@testable import PontoonSMS
import Pontoon
import PontoonMatrix
import Testing
import Yams

/// The `network:` section of `pontoon-sms` and the chat IDs it stores, read from hostile input.
@Suite("SMS config and chat IDs")
struct SMSBridgeConfigTests {
    private func decode(_ yaml: String) throws -> SMSBridgeConfig {
        try YAMLDecoder().decode(SMSBridgeConfig.self, from: yaml)
    }

    @Test func theExampleSectionDecodes() throws {
        let config = try decode(SMSBridgeConfig.example.split(separator: "\n").map { $0.dropFirst(2) }.joined(separator: "\n"))
        #expect(config.defaultCountry == "US")
        #expect(config.kannel?.sendsmsURL == "http://127.0.0.1:13013")
        #expect(config.twilio?.apiURL == "https://api.twilio.com")
        #expect(config.segmentWarning == 3)
    }

    @Test func aTrailingSlashOfTheWebhookURLIsDropped() throws {
        let config = try decode("webhook_url: https://sms.example.org//\ntwilio: {}\ndefault_country: gb")
        #expect(config.webhookURL == "https://sms.example.org")
        #expect(config.defaultCountry == "GB")
    }

    @Test(arguments: [
        "webhook_url: ftp://x\ntwilio: {}",
        "webhook_url: not a url\ntwilio: {}",
        "twilio: {}",
        "webhook_url: https://x.org",
        "webhook_url: https://x.org\ntwilio: {}\ndefault_country: USA",
        "webhook_url: https://x.org\ntwilio: {}\ndefault_country: \"1\u{0}\"",
        "webhook_url: https://x.org\nkannel: {}",
    ])
    func badSectionsAreRefused(_ yaml: String) {
        #expect(throws: (any Error).self) { try decode(yaml) }
    }

    @Test func chatIDsRoundTripAndGarbageIsRefused() throws {
        let a = try PhoneNumber(parsing: "+12025550123", defaultCountry: "US")
        let b = try PhoneNumber(parsing: "+447700900123", defaultCountry: "US")
        let group = SMSChat.of([b, a, b])
        #expect(group.chatID.rawValue == "group:12025550123,447700900123")
        #expect(SMSChat(group.chatID) == group)
        #expect(SMSChat.of([a, a]) == .direct(.number(a)))
        #expect(SMSChat(RemoteChatID("a.amazon")) == .direct(.alphanumeric("amazon")))
        for garbage in ["", "group:", "group:12025550123", "group:12025550123,x", "group:,,", "+1", "🙂", String(repeating: "9", count: 10_000)] {
            #expect(SMSChat(RemoteChatID(garbage)) == nil, "\(garbage.prefix(20))")
        }
    }

    @Test func storedLoginsRoundTripWithoutTheirRoutesBeingRequired() throws {
        var metadata = SMSLoginMetadata(provider: .twilio, number: "+12025550123", accountSID: "AC1", authToken: "secret")
        metadata.replyRoutes["447700900123"] = "group:12025550123,447700900123"
        #expect(try SMSLoginMetadata(json: try metadata.json) == metadata)
        let old = try JSONValue(parsing: #"{"provider":"kannel","number":"+12025550123","webhook_key":"k"}"#)
        #expect(try SMSLoginMetadata(json: old).replyRoutes.isEmpty)
        #expect(throws: (any Error).self) { try SMSLoginMetadata(json: try JSONValue(parsing: #"{"provider":"carrier-pigeon"}"#)) }
        #expect(SMSLoginMetadata.newWebhookKey().count == 32)
        #expect(SMSLoginMetadata.newWebhookKey() != SMSLoginMetadata.newWebhookKey())
    }

    @Test func sentTextsGetAStableReferencePerMatrixEvent() throws {
        let event = try EventID(validating: "$abc:localhost")
        #expect(SMSSession.reference(for: event) == SMSSession.reference(for: event))
        #expect(SMSSession.reference(for: event) != SMSSession.reference(for: try EventID(validating: "$abd:localhost")))
    }
}
