import Foundation
import PontoonMatrix
import PontoonTestSupport

/// `pontoon-sms` between the rig's Synapse and a provider: a real Kannel with fakesmsc, or the fake
/// Twilio (no Twilio exists offline).
struct SMSBridgeHarness {
    static let bot = try! UserID(validating: "@smsbot:localhost")
    let rig: SynapseRig
    let bridge: EchoBridgeProcess
    let files: BridgeFiles

    /// The ghost of a number (`+15551234567` → `@sms_15551234567:localhost`).
    static func ghost(_ number: String) -> UserID {
        try! UserID(validating: "@sms_\(number.filter(\.isNumber)):localhost")
    }

    /// Runs `body` with a fresh Synapse and `pontoon-sms` whose providers are `kannelSendsms`
    /// (smsbox's sendsms URL) and `twilioAPI` (the fake's base URL); public media on (MMS, links).
    static func run(kannelSendsms: String? = nil, twilioAPI: String? = nil, _ body: (SMSBridgeHarness) async throws -> Void) async throws {
        let files = try BridgeFiles.generate(executable: "pontoon-sms")
        var text = try EchoBridgeProcess.withTestUsers(String(contentsOf: files.config, encoding: .utf8))
        text = try YAMLLineEditor.set("network.webhook_url", to: "http://127.0.0.1:\(files.appservicePort)", in: text)
        text = try YAMLLineEditor.set("network.segment_warning", raw: "3", in: text)
        text = try YAMLLineEditor.set("network.kannel", raw: kannelSendsms.map { "{sendsms_url: \"\($0)\"}" } ?? "null", in: text)
        text = try YAMLLineEditor.set("network.twilio", raw: twilioAPI.map { "{api_url: \"\($0)\"}" } ?? "null", in: text)
        text = try YAMLLineEditor.set("public_media", raw:
            "{enabled: true, external_url: \"http://127.0.0.1:\(files.appservicePort)/\", expiry_hours: 1}", in: text)
        try text.write(to: files.config, atomically: true, encoding: .utf8)
        try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
            let bridge = try await EchoBridgeProcess(files: files, executable: "pontoon-sms")
            try await stopping(bridge) { bridge in
                try await body(SMSBridgeHarness(rig: rig, bridge: bridge, files: files))
            }
        }
    }

    /// A Matrix user with a management room.
    func user(_ name: String) async throws -> (user: BridgeUser, management: RoomID) {
        let user = try await BridgeUser.login(name, on: rig, bot: Self.bot)
        return (user, try await user.openManagementRoom())
    }

    /// The incoming-text webhook URL `webhooks` shows for the user's login.
    func incomingWebhook(of user: BridgeUser, management: RoomID, provider: String) async throws -> String {
        let reply = try await user.command("webhooks", in: management, expecting: "/_pontoon/sms/\(provider)/")
        let body = reply["content"]?["body"]?.stringValue ?? ""
        let pattern = try Regex("http://127\\.0\\.0\\.1:[0-9]+/_pontoon/sms/\(provider)/[0-9a-f]+/incoming")
        guard let match = body.firstMatch(of: pattern) else { throw RigError.failed("no webhook URL in: \(body)") }
        return String(body[match.range])
    }
}

extension BridgeUser {
    /// Waits until `user` sent a read receipt for `event` in `room`.
    func waitForReceipt(in room: RoomID, event: EventID, from user: UserID, timeout: Int = 30) async throws {
        try await agent.call("wait_receipt", ["room": .string(room.rawValue), "event_id": .string(event.rawValue),
                                              "user": .string(user.rawValue), "timeout": .int(Int64(timeout))])
    }

    /// The room's `m.room.message` events, oldest first.
    func messages(in room: RoomID) async throws -> [JSONValue] {
        try await agent.messages(in: room).filter { $0["type"]?.stringValue == "m.room.message" }
    }
}
