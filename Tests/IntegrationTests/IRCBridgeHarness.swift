import Foundation
import PontoonMatrix
import PontoonTestSupport

/// `pontoon-irc` between the rig's Synapse and a real IRC server, with the users the IRC tests share.
struct IRCBridgeHarness {
    static let bot = try! UserID(validating: "@ircbot:localhost")
    let rig: SynapseRig
    let irc: IRCServerRig
    let bridge: EchoBridgeProcess
    let files: BridgeFiles

    /// The ghost of an IRC nick on the test server.
    static func ghost(_ nick: String) -> UserID {
        try! UserID(validating: "@irc_test.\(nick.lowercased()):localhost")
    }

    /// Runs `body` with a fresh Synapse, a fresh IRC server of `kind` and `pontoon-irc` configured for
    /// it (relay on, no flood limit: it is our own server); everything stops afterwards.
    /// `publicMedia` turns on media links served by the bridge's own listener.
    static func run(_ kind: IRCServerRig.Kind, publicMedia: Bool = false,
                    _ body: (IRCBridgeHarness) async throws -> Void) async throws {
        try await withIRCServer(kind) { irc in
            let files = try configuredFiles(server: "host: 127.0.0.1, port: \(irc.port)", publicMedia: publicMedia)
            try await withSynapse(registration: files.registration, port: files.synapsePort) { rig in
                let bridge = try await EchoBridgeProcess(files: files, executable: "pontoon-irc")
                try await stopping(bridge) { bridge in
                    try await body(IRCBridgeHarness(rig: rig, irc: irc, bridge: bridge, files: files))
                }
            }
        }
    }

    /// `pontoon-irc`'s files with one IRC server `test` (`server` holds its address keys), the test
    /// users (``EchoBridgeProcess/withTestUsers(_:)``) and no flood limit (it is our own server).
    static func configuredFiles(server: String, publicMedia: Bool = false) throws -> BridgeFiles {
        let files = try BridgeFiles.generate(executable: "pontoon-irc")
        var text = try EchoBridgeProcess.withTestUsers(String(contentsOf: files.config, encoding: .utf8))
        text = try YAMLLineEditor.set("network.servers", raw: """
            {test: {\(server), flood: {burst: 50, lines_per_second: 0}, ping_interval_s: 30, max_lines_per_message: 4}}
            """, in: text)
        if publicMedia {
            text = try YAMLLineEditor.set("public_media", raw:
                "{enabled: true, external_url: \"http://127.0.0.1:\(files.appservicePort)/\", expiry_hours: 1}", in: text)
        }
        try text.write(to: files.config, atomically: true, encoding: .utf8)
        return files
    }

    /// A Matrix user with a management room, logged in to IRC as `nick`.
    func loggedInUser(_ name: String, nick: String) async throws -> (user: BridgeUser, management: RoomID) {
        let user = try await BridgeUser.login(name, on: rig, bot: Self.bot)
        let management = try await user.openManagementRoom()
        try await user.command("login", in: management, expecting: "Send your **nick**")
        try await user.command(nick, in: management, expecting: "Logged in as **\(nick) on test**")
        return (user, management)
    }

    /// Joins `channel` through the bot and accepts the portal's invite.
    func join(_ user: BridgeUser, _ channel: String, management: RoomID) async throws -> RoomID {
        try await user.command("join \(channel)", in: management, expecting: "Joined \(channel)")
        let portal = try await user.agent.waitForInvite(from: Self.bot, timeout: 30)
        try await user.agent.join(portal.rawValue)
        return portal
    }
}
