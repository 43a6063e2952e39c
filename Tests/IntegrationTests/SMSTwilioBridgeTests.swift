import Foundation
import PontoonMatrix
import PontoonTestSupport
import Testing

/// `pontoon-sms` with Twilio logins end to end: real Synapse and matrix-nio users, the fake
/// Twilio (published Messages API and webhook formats, signed requests) on the other side.
@Suite("SMS bridge with Twilio end to end", .serialized, RigAvailability.synapseTrait)
struct SMSTwilioBridgeTests {
    static let number = "+15005550006"
    static let phone = "+15552340001"
    static let otherPhone = "+15552340002"
    static let unreachablePhone = "+15557770000"

    @Test func textsMMSReceiptsFailuresGroupsAndHostileWebhooks() async throws {
        let configuration = FakeTwilio.Configuration(numbers: [Self.number], unreachable: [Self.unreachablePhone])
        try await withFakeTwilio(configuration) { fake in
            try await SMSBridgeHarness.run(twilioAPI: fake.baseURL) { harness in
                let (alice, management) = try await harness.user("alice")
                try await Self.logIn(alice, management: management, fake: fake)
                let webhook = try await harness.incomingWebhook(of: alice, management: management, provider: "twilio")
                let portal = try await Self.inboundOpensAPortal(alice, fake: fake, webhook: webhook)
                try await Self.replayAndForgeriesCreateNothing(alice, portal: portal, fake: fake, webhook: webhook)
                try await Self.replyGoesOutAndDeliveryShows(alice, portal: portal, fake: fake)
                try await Self.inboundMMSLandsAsImage(alice, portal: portal, fake: fake, webhook: webhook)
                try await Self.matrixImageGoesOutAsMMS(alice, portal: portal, fake: fake)
                try await Self.failedDeliveryIsToldWithReason(alice, management: management, fake: fake)
                try await Self.groupTextReachesEveryoneAndRepliesComeBack(alice, fake: fake, webhook: webhook)
            }
        }
    }

    private static func logIn(_ alice: BridgeUser, management: RoomID, fake: FakeTwilio) async throws {
        try await alice.command("login twilio", in: management, expecting: "Send your **account SID**")
        try await alice.command("ACnotasid", in: management, expecting: "Send your **auth token**")
        try await alice.command("token", in: management, expecting: "Send your **number**")
        try await alice.command(number, in: management, expecting: "An account SID is AC")
        try await alice.command("login twilio", in: management, expecting: "Send your **account SID**")
        try await alice.command(fake.accountSID, in: management, expecting: "Send your **auth token**")
        try await alice.command("wrong-token", in: management, expecting: "Send your **number**")
        try await alice.command(number, in: management, expecting: "Send login to try again")
        try await alice.command("login twilio", in: management, expecting: "Send your **account SID**")
        try await alice.command(fake.accountSID, in: management, expecting: "Send your **auth token**")
        try await alice.command(fake.authToken, in: management, expecting: "Send your **number**")
        try await alice.command("(500) 555-0006", in: management, expecting: "Logged in as **\(number)**")
    }

    /// A text from a number nobody wrote to opens a DM portal and invites the login's owner.
    private static func inboundOpensAPortal(_ alice: BridgeUser, fake: FakeTwilio, webhook: String) async throws -> RoomID {
        let answer = try await fake.sendInbound(to: webhook, from: phone, to: number, body: "hello from a phone 😀")
        #expect(answer.status == 200)
        #expect(answer.body.contains("<Response>"))
        let portal = try await alice.agent.waitForInvite(from: SMSBridgeHarness.bot, timeout: 30)
        try await alice.agent.join(portal.rawValue)
        _ = try await alice.waitEvent(in: portal, sender: SMSBridgeHarness.ghost(phone), body: "hello from a phone 😀")
        return portal
    }

    /// A replayed webhook is answered but bridged once; unsigned, forged, garbage and tampered
    /// requests are refused (403) and bridge nothing; a sender that is no number is a 400.
    private static func replayAndForgeriesCreateNothing(_ alice: BridgeUser, portal: RoomID, fake: FakeTwilio, webhook: String) async throws {
        #expect(try await fake.replayLastInbound().status == 200)
        for signing in [FakeTwilioSigning.unsigned, .forged, .garbage] {
            #expect(try await fake.sendInbound(to: webhook, from: phone, to: number, body: "forged \(signing)", signing: signing).status == 403)
        }
        var tampered = fake.makeInbound(to: webhook, from: phone, to: number, body: "genuine")
        tampered.set("Body", "tampered")
        #expect(try await fake.post(tampered).status == 403)
        #expect(try await fake.sendInbound(to: webhook + "x", from: phone, to: number, body: "wrong key").status == 404)
        #expect(try await fake.sendInbound(to: webhook, from: "not a number!", to: number, body: "garbage sender").status == 400)
        let long = String(repeating: "long text ", count: 1000)
        #expect(try await fake.sendInbound(to: webhook, from: phone, to: number, body: long).status == 200)
        _ = try await alice.waitEvent(in: portal, sender: SMSBridgeHarness.ghost(phone), body: "long text long text")

        let bodies = try await alice.messages(in: portal).compactMap { $0["content"]?["body"]?.stringValue }
        #expect(bodies.filter { $0 == "hello from a phone 😀" }.count == 1)
        #expect(!bodies.contains { $0.hasPrefix("forged") || $0 == "tampered" || $0 == "genuine" || $0 == "garbage sender" })
    }

    /// A Matrix reply is a text to the number; Twilio's "delivered" becomes the ghost's read receipt.
    private static func replyGoesOutAndDeliveryShows(_ alice: BridgeUser, portal: RoomID, fake: FakeTwilio) async throws {
        let reply = try await alice.agent.sendText("hi back", to: portal)
        let sent = try await fake.waitForMessage(timeout: .seconds(30)) { $0.to == phone && $0.body == "hi back" }
        #expect(sent.from == number)
        #expect(sent.statusCallback?.contains("/_pontoon/sms/twilio/") == true)
        try await alice.waitForReceipt(in: portal, event: reply, from: SMSBridgeHarness.ghost(phone))

        // A long text in UCS-2 goes out whole, with a notice of what it costs.
        let cyrillic = String(repeating: "ж", count: 300)
        _ = try await alice.agent.sendText(cyrillic, to: portal)
        _ = try await fake.waitForMessage(timeout: .seconds(30)) { $0.to == phone && $0.body == cyrillic }
        _ = try await alice.waitEvent(in: portal, sender: SMSBridgeHarness.bot, body: "5 SMS segments")
    }

    private static func inboundMMSLandsAsImage(_ alice: BridgeUser, portal: RoomID, fake: FakeTwilio, webhook: String) async throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 7, count: 64)
        #expect(try await fake.sendInbound(to: webhook, from: phone, to: number, body: "look",
                                           media: [(png, "image/png")]).status == 200)
        let (image, _) = try await alice.waitEvent(in: portal, sender: SMSBridgeHarness.ghost(phone), body: "mms-1.png")
        #expect(image["content"]?["msgtype"]?.stringValue == "m.image")
        #expect(image["content"]?["url"]?.stringValue?.hasPrefix("mxc://") == true)
        _ = try await alice.waitEvent(in: portal, sender: SMSBridgeHarness.ghost(phone), body: "look")
    }

    /// A picture sent on Matrix is an MMS whose `MediaUrl` is the bridge's signed public link.
    private static func matrixImageGoesOutAsMMS(_ alice: BridgeUser, portal: RoomID, fake: FakeTwilio) async throws {
        let png: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + Array(repeating: 9, count: 32)
        let mxc = try await alice.agent.upload(png, contentType: "image/png", fileName: "photo.png")
        _ = try await alice.send(["msgtype": "m.image", "body": "photo.png", "url": .string(mxc),
                                  "info": ["mimetype": "image/png", "size": .int(Int64(png.count))]], to: portal)
        let sent = try await fake.waitForMessage(timeout: .seconds(30)) { $0.to == phone && !$0.mediaURLs.isEmpty }
        #expect(sent.body.isEmpty)
        let link = try #require(sent.mediaURLs.first)
        #expect(link.contains("/_pontoon/media/"))
        let fetched = try await PublicLinkFetch.get(link)
        #expect(fetched.status == 200)
        #expect(fetched.body == png)
    }

    /// An undelivered text is answered with a notice replying to it, saying why.
    private static func failedDeliveryIsToldWithReason(_ alice: BridgeUser, management: RoomID, fake: FakeTwilio) async throws {
        try await alice.command("start-chat \(unreachablePhone)", in: management, expecting: "The chat is open")
        let room = try await alice.agent.waitForInvite(from: SMSBridgeHarness.bot, timeout: 30)
        try await alice.agent.join(room.rawValue)
        let text = try await alice.agent.sendText("are you there?", to: room)
        let (notice, _) = try await alice.waitEvent(in: room, sender: SMSBridgeHarness.bot, body: "Not delivered")
        #expect(notice["content"]?["m.relates_to"]?["m.in_reply_to"]?["event_id"]?.stringValue == text.rawValue)
        #expect(notice["content"]?["body"]?.stringValue?.lowercased().contains("unreachable") == true)
    }

    /// A room made with two SMS ghosts is a group text: each message reaches both numbers, and a
    /// reply from either comes back to that room.
    private static func groupTextReachesEveryoneAndRepliesComeBack(_ alice: BridgeUser, fake: FakeTwilio, webhook: String) async throws {
        let group = try await alice.agent.createRoom(name: "Friends", invite: [SMSBridgeHarness.ghost(phone), SMSBridgeHarness.ghost(otherPhone)])
        _ = try await alice.waitEvent(in: group, type: "m.room.member", sender: SMSBridgeHarness.bot)
        _ = try await alice.agent.sendText("group hello", to: group)
        _ = try await fake.waitForMessage(timeout: .seconds(30)) { $0.to == phone && $0.body == "group hello" }
        _ = try await fake.waitForMessage(timeout: .seconds(30)) { $0.to == otherPhone && $0.body == "group hello" }
        #expect(try await fake.sendInbound(to: webhook, from: otherPhone, to: number, body: "group reply").status == 200)
        _ = try await alice.waitEvent(in: group, sender: SMSBridgeHarness.ghost(otherPhone), body: "group reply")
    }
}
