import Pontoon

/// The echo network's own bot command, listed by `help` under "Echo": how a plugin adds commands.
public enum EchoCommands {
    public static let all: [Command<BridgeServices>] = [shout]

    static let shout = Command<BridgeServices>(
        name: "shout", section: CommandSection(title: "Echo", order: 25),
        summary: "Make the echo user say something in your echo chat.", argumentsHelp: "<text>", requiresLogin: true
    ) { context in
        try context.requireArguments(1...Int.max)
        guard let session = await context.services.logins(of: context.sender).first?.session as? EchoSession else { return }
        try session.shout(context.rawArguments)
        await context.reply("The echo user shouts it in your echo chat.")
    }
}
