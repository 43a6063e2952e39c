import PontoonMatrix

/// The commands every bridge has, besides `help` and `cancel`.
enum CoreCommands {
    typealias Context = CommandContext<BridgeServices>

    static var all: [Command<BridgeServices>] {
        [version, ping, LoginCommands.login, LoginCommands.logout, LoginCommands.logins,
         PortalCommands.setRelay, PortalCommands.unsetRelay, PortalCommands.bridge, PortalCommands.unbridge,
         PortalCommands.startChat, PortalCommands.deletePortal]
    }

    static let version = Command<BridgeServices>(
        name: "version", summary: "Show the bridge's version.", requiredLevel: .relay, rooms: .anywhere
    ) { context in
        let network = context.services.core.context.network
        await context.reply("\(bold: network.displayName) bridge \(code: network.version), built on Pontoon.")
    }

    static let ping = Command<BridgeServices>(
        name: "ping", summary: "Show whether your logins are connected.", rooms: .managementRoomAndPortals
    ) { context in
        let entries = await context.services.core.sessions.logins(of: context.sender)
        guard !entries.isEmpty else {
            await context.reply("You are not logged in. Send \(code: context.invocation("login")) to connect an account.")
            return
        }
        await context.reply(CommandReply([
            .paragraph("Your logins:"),
            .list(entries.map { "\(bold: $0.login.remoteName) (\(code: $0.login.loginID.rawValue)): \($0.state)" }),
        ]))
    }
}
