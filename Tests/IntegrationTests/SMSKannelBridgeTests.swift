import Foundation
import PontoonMatrix
import PontoonSMS
import PontoonTestSupport
import Testing

/// `pontoon-sms` with a Kannel login end to end: real Synapse and matrix-nio users, a real Kannel
/// (bearerbox + smsbox) with fakesmsc as the phones' carrier.
@Suite("SMS bridge with Kannel end to end", .serialized, RigAvailability.kannelTrait)
struct SMSKannelBridgeTests {
    static let number = "+15559998888"
    static let phone = "+12025550123"

    @Test func inboundPortalReplyDeliveryReportAndRelay() async throws {
        try await withKannel { kannel in
            try await SMSBridgeHarness.run(kannelSendsms: kannel.sendsmsURL) { harness in
                let (alice, management) = try await harness.user("alice")
                try await alice.command("login kannel", in: management, expecting: "Send your **number**")
                try await alice.command(Self.number, in: management, expecting: "Send your **sendsms user**")
                try await alice.command(kannel.username, in: management, expecting: "Send your **sendsms password**")
                try await alice.command("wrong", in: management, expecting: "Kannel refused")
                try await alice.command("login kannel", in: management, expecting: "Send your **number**")
                try await alice.command(Self.number, in: management, expecting: "Send your **sendsms user**")
                try await alice.command(kannel.username, in: management, expecting: "Send your **sendsms password**")
                try await alice.command(kannel.password, in: management, expecting: "Logged in as **\(Self.number)**")

                // The admin pastes the service `webhooks` shows into Kannel and restarts it.
                let webhook = try await harness.incomingWebhook(of: alice, management: management, provider: "kannel")
                try await kannel.restart(smsService: KannelSetup.smsServiceSnippet(incomingURL: webhook, receiverPrefix: Self.number))

                // A text from a phone nobody wrote to opens a portal.
                try kannel.inject(from: Self.phone, to: Self.number, text: "hello inbound MO")
                let portal = try await alice.agent.waitForInvite(from: SMSBridgeHarness.bot, timeout: 60)
                try await alice.agent.join(portal.rawValue)
                _ = try await alice.waitEvent(in: portal, sender: SMSBridgeHarness.ghost(Self.phone), body: "hello inbound MO")
                try kannel.inject(from: Self.phone, to: Self.number, text: "Привет 😀")
                _ = try await alice.waitEvent(in: portal, sender: SMSBridgeHarness.ghost(Self.phone), body: "Привет 😀")

                // The reply goes out through Kannel; its delivery report is the ghost's read receipt.
                let reply = try await alice.agent.sendText("reply via kannel ✓", to: portal)
                let sent = try await kannel.waitForMessage(timeout: .seconds(60)) { $0.text == "reply via kannel ✓" }
                #expect(sent.to == Self.phone)
                #expect(sent.from == Self.number)
                try await alice.waitForReceipt(in: portal, event: reply, from: SMSBridgeHarness.ghost(Self.phone), timeout: 60)

                // Relay: bob has no login; after set-relay his messages go out through alice's number, named.
                let bob = try await BridgeUser.login("bob", on: harness.rig, bot: SMSBridgeHarness.bot)
                try await alice.agent.invite(bob.id, to: portal)
                _ = try await bob.agent.waitForInvite(from: alice.id, timeout: 30)
                try await bob.agent.join(portal.rawValue)
                try await alice.command("!sms set-relay", in: portal, expecting: "relay")
                _ = try await bob.agent.sendText("hi from bob", to: portal)
                let relayed = try await kannel.waitForMessage(timeout: .seconds(60)) { $0.text.contains("hi from bob") }
                #expect(relayed.text.contains("bob"))
                #expect(relayed.text != "hi from bob")
                #expect(relayed.to == Self.phone)
            }
        }
    }
}
