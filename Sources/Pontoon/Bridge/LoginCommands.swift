import Foundation
import PontoonMatrix
import PontoonStorage

/// `login`, `logout`, `logins`: a login is a step machine driven from the management room.
enum LoginCommands {
    typealias Context = CommandContext<BridgeServices>

    static let login = Command<BridgeServices>(
        name: "login", section: .authentication, summary: "Connect an account; the bot asks for what it needs.",
        argumentsHelp: "[flow]"
    ) { context in
        let network = context.services.core.context.network
        let flows = network.loginFlows
        guard let flow = context.arguments.first.map({ id in flows.first { $0.id == id.lowercased() } }) ?? flows.first else {
            let known = ReplyText.joined(flows.map { .code($0.id) }, separator: ", ")
            throw CommandError("Unknown login flow. This bridge has: \(known).")
        }
        let process = try await network.startLogin(flowID: flow.id, for: context.sender)
        try await advance(try await process.start(), process: process, context: context)
    }

    static let logout = Command<BridgeServices>(
        name: "logout", section: .authentication, summary: "Disconnect and forget one of your logins.",
        argumentsHelp: "<login-id>", requiresLogin: true
    ) { context in
        let core = context.services.core
        let entries = await core.sessions.logins(of: context.sender)
        let target = context.arguments.first ?? (entries.count == 1 ? entries[0].login.loginID.rawValue : "")
        guard let entry = entries.first(where: { $0.login.loginID.rawValue == target }) else {
            throw CommandError("Which login? Usage: \(context.usage). Send \(code: context.invocation("logins")) for the list.")
        }
        await core.sessions.remove(entry.login.loginID)
        await entry.session.disconnect()
        try await core.context.logins.delete(entry.login.loginID.rawValue)
        await context.reply("Logged out of \(bold: entry.login.remoteName).")
    }

    static let logins = Command<BridgeServices>(
        name: "logins", section: .authentication, summary: "List your logins."
    ) { context in
        let entries = await context.services.core.sessions.logins(of: context.sender)
        guard !entries.isEmpty else {
            await context.reply("You have no logins. Send \(code: context.invocation("login")) to add one.")
            return
        }
        await context.reply(CommandReply([.list(entries.map { "\(code: $0.login.loginID.rawValue): \($0.login.remoteName)" })]))
    }

    /// Shows one login step and arranges for the next.
    static func advance(_ step: LoginStep, process: any LoginProcess, context: Context) async throws {
        switch step {
        case .userInput(let instructions, let fields):
            if !instructions.isEmpty { await context.reply(CommandReply(ReplyText(instructions))) }
            await ask(fields, collected: [:], process: process, context: context)
        case .displayAndWait(let instructions, let display):
            await context.reply(CommandReply([.paragraph(ReplyText(instructions)), .paragraph(.code(display))]))
            let interaction = PendingInteraction<BridgeServices>(commandName: "login", onInput: nil) { await process.cancel() }
            await context.expectInput(interaction)
            Task {
                let next: LoginStep
                do {
                    next = try await process.wait()
                } catch {
                    // A cancelled or replaced login ends quietly: the user was answered already.
                    guard await context.finishIfCurrent(interaction.id) else { return }
                    return await reportFailure(error, context: context)
                }
                guard await context.finishIfCurrent(interaction.id) else { return }
                do {
                    try await advance(next, process: process, context: context)
                } catch {
                    await reportFailure(error, context: context)
                }
            }
        case .complete(let result):
            try await complete(result, context: context)
        }
    }

    /// Answers a login step that failed outside a command run (after a wait).
    private static func reportFailure(_ error: any Error, context: Context) async {
        if let error = error as? any UserFacingError {
            await context.reply(CommandReply(error.userReply))
        } else {
            context.services.core.context.logger.error("Login failed", metadata: ["error": "\(error)"])
            await context.reply("The login failed; the bridge's logs have the details.")
        }
    }

    /// Asks for the first field still missing; when none is, submits them.
    private static func ask(_ fields: [LoginField], collected: [String: String], process: any LoginProcess, context: Context) async {
        guard let field = fields.first(where: { collected[$0.id] == nil }) else { return }
        var prompt: ReplyText = "Send your \(bold: field.name)"
        if !field.description.isEmpty { prompt += ReplyText(" (" + field.description + ")") }
        prompt += ", or \(code: context.invocation("cancel"))."
        await context.reply(CommandReply(prompt))
        let interaction = PendingInteraction<BridgeServices>(commandName: "login", onInput: { input in
            if field.isSecret { await input.services.core.redactSecret(input) }
            var values = collected
            values[field.id] = input.rawArguments
            if fields.contains(where: { values[$0.id] == nil }) {
                await ask(fields, collected: values, process: process, context: input)
            } else {
                do {
                    try await advance(try await process.submit(values), process: process, context: input)
                } catch let error as LoginError {
                    await process.cancel()
                    throw error
                }
            }
        }, onCancel: { await process.cancel() })
        await context.expectInput(interaction)
    }

    /// Stores the finished login, starts its session and says so.
    private static func complete(_ result: LoginResult, context: Context) async throws {
        let core = context.services.core
        if let existing = try await core.context.logins.get(result.loginID.rawValue), existing.mxid != context.sender.rawValue {
            throw LoginError(userMessage: "That account is already connected by another Matrix user.")
        }
        let metadata = String(decoding: result.metadata.jsonData(), as: UTF8.self)
        try await core.context.users.upsert(UserRow(mxid: context.sender.rawValue,
                                                    managementRoom: try await core.managementRooms.room(of: context.sender)?.rawValue))
        try await core.context.logins.upsert(LoginRow(loginID: result.loginID.rawValue, mxid: context.sender.rawValue,
                                                      remoteName: result.remoteName, metadata: metadata, state: "connected"))
        if let old = await core.sessions.remove(result.loginID) { await old.session.disconnect() }
        let login = StoredLogin(loginID: result.loginID, owner: context.sender, remoteName: result.remoteName, metadata: result.metadata)
        let session = try await core.register(login)
        await context.reply("Logged in as \(bold: result.remoteName).")
        core.connect(session, loginID: result.loginID)
    }
}

extension CommandContext where Services == BridgeServices {
    /// Ends interaction `id` if it still waits in this sender's slot; false when it was cancelled or
    /// replaced meanwhile (then its result must be dropped).
    func finishIfCurrent(_ id: UUID) async -> Bool {
        await pending.remove(id, for: pendingKey)
    }
}

extension BridgeCore {
    /// Redacts a message that carried a secret (a password). The bot may lack the power to in a
    /// room the user made; then the user is asked to delete it.
    func redactSecret(_ context: CommandContext<BridgeServices>) async {
        guard let eventID = context.eventID else { return }
        do {
            _ = try await self.context.bot.redact(eventID, in: context.roomID, reason: "Contained a secret")
        } catch {
            self.context.logger.info("Could not redact a secret the user sent", metadata: ["room": "\(context.roomID)", "error": "\(error)"])
            await context.reply("I can't remove your message with the secret in this room: delete it yourself.")
        }
    }
}

extension BridgeCore {
    /// Stores a login's new metadata (and shown name, when given) in the database and in the
    /// running session registry, so the next start connects with it.
    func updateLogin(_ loginID: LoginID, remoteName: String? = nil, metadata: JSONValue) async throws {
        guard var row = try await context.logins.get(loginID.rawValue) else { return }
        if let remoteName { row.remoteName = remoteName }
        row.metadata = String(decoding: metadata.jsonData(), as: UTF8.self)
        try await context.logins.upsert(row)
        await sessions.update(loginID, remoteName: row.remoteName, metadata: metadata)
    }
}
