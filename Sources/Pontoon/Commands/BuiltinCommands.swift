/// The commands every bridge has: `help` and `cancel`.
enum BuiltinCommands {
    static func help<Services>() -> Command<Services> {
        Command(
            name: "help", section: .general, summary: "Show the commands you can use here, or how to use one.",
            argumentsHelp: "[command]", requiredLevel: .relay, rooms: .anywhere
        ) { context in
            if let name = context.arguments.first {
                await context.reply(commandDetails(name, context))
            } else {
                await context.reply(commandList(context))
            }
        }
    }

    static func cancel<Services>() -> Command<Services> {
        Command(
            name: "cancel", section: .general, summary: "Stop what the bot is waiting for (a login, a question).",
            requiredLevel: .relay, rooms: .anywhere
        ) { context in
            guard let interaction = await context.pending.remove(for: context.pendingKey) else {
                await context.reply("Nothing to cancel.")
                return
            }
            await interaction.onCancel()
            await context.reply("Cancelled \(code: interaction.commandName).")
        }
    }

    /// The commands the sender may run in this room, grouped by section.
    private static func commandList<Services>(_ context: CommandContext<Services>) -> CommandReply {
        let commands = context.commands.available(to: context.senderLevel, in: context.room)
        var blocks: [CommandReply.Block] = [.paragraph(
            context.room.requiresPrefix
                ? "Commands you can use in this room (start each with \(code: context.prefix)):"
                : "Commands you can use here:")]
        var sections: [CommandSection] = []
        for command in commands where sections.last != command.section { sections.append(command.section) }
        for section in sections {
            blocks.append(.paragraph(.bold(ReplyText(section.title))))
            blocks.append(.list(commands.filter { $0.section == section }.map { line(for: $0, context) }))
        }
        return CommandReply(blocks)
    }

    /// `help <command>`: usage, aliases and where it works. Commands the sender can't run here are
    /// answered like unknown ones, as the list hides them too.
    private static func commandDetails<Services>(_ name: String, _ context: CommandContext<Services>) -> CommandReply {
        guard let command = context.commands.command(named: name),
              command.isAvailable(to: context.senderLevel, in: context.room)
        else {
            return "No command \(code: CommandProcessor<Services>.shortened(name)) that you can use here. Type \(code: context.invocation("help")) for the list."
        }
        var text = line(for: command, context)
        if command.requiresLogin {
            text += " Needs a login: " + CommandProcessor<Services>.howToLogIn(from: context.room)
        }
        return CommandReply(text)
    }

    /// `` `login <flow>` — Log in. (also `l`) ``
    private static func line<Services>(for command: Command<Services>, _ context: CommandContext<Services>) -> ReplyText {
        let usage = context.invocation(command.name) + (command.argumentsHelp.isEmpty ? "" : " " + command.argumentsHelp)
        var text: ReplyText = "\(code: usage) — \(command.summary)"
        if !command.aliases.isEmpty {
            text += " (also " + ReplyText.joined(command.aliases.map { .code($0) }, separator: ", ") + ")"
        }
        return text
    }
}
