import Foundation
import Pontoon
import PontoonMatrix
import Testing

@Suite("Plugin contract values")
struct NetworkContractTests {
    @Test func portalKeysOfTheSameChatDifferByReceiver() {
        let shared = PortalKey(chatID: "#pontoon")
        let alicesDM = PortalKey(chatID: "bob", receiver: "alice-login")
        let carolsDM = PortalKey(chatID: "bob", receiver: "carol-login")
        #expect(Set([shared, alicesDM, carolsDM]).count == 3)
        #expect(alicesDM.description == "bob@alice-login")
        #expect(shared.description == "#pontoon")
    }

    @Test func portalKeyRoundTripsThroughJSON() throws {
        let key = PortalKey(chatID: "+15551234567", receiver: "sms-1")
        let decoded = try JSONDecoder().decode(PortalKey.self, from: JSONEncoder().encode(key))
        #expect(decoded == key)
        let json = try JSONDecoder().decode(JSONValue.self, from: JSONEncoder().encode(key))
        #expect(json["chatID"] == "+15551234567")
    }

    @Test func secretLoginFieldsAreTheCredentialKinds() {
        #expect(LoginField(id: "p", kind: .password, name: "Password").isSecret)
        #expect(LoginField(id: "t", kind: .token, name: "Token").isSecret)
        #expect(!LoginField(id: "n", kind: .username, name: "Nick").isSecret)
    }

    @Test func avatarsCompareByContentID() {
        let first = RemoteAvatar(id: "sha256:abc") { ([1], "image/png") }
        let refetched = RemoteAvatar(id: "sha256:abc") { ([2], "image/png") }
        let changed = RemoteAvatar(id: "sha256:def") { ([1], "image/png") }
        #expect(first == refetched)
        #expect(first != changed)
    }

    @Test func singlePartTextMessageHasTheEmptyPartID() {
        let message = RemoteMessage.text("m1", "hello", html: "<b>hello</b>")
        #expect(message.parts.count == 1)
        #expect(message.parts[0].id == "")
        #expect(message.parts[0].content.formattedBody == "<b>hello</b>")
    }

    @Test func minimalCapabilitiesOfferOnlyPlainText() {
        let minimal = NetworkCapabilities.minimal
        #expect(!minimal.edits && !minimal.reactions && !minimal.redactions && minimal.media.isEmpty)
        #expect(minimal.formatting == .plain)
        #expect(minimal.relayStyle == .prefixedText)
    }
}
