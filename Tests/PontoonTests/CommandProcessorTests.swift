import Pontoon
import PontoonMatrix
import Testing

/// Commands of the processor tests, each recording that it ran.
enum ProcessorFixtures {
    static func command(
        _ name: String, aliases: [String] = [], level: PermissionLevel = .user, rooms: CommandRooms = .anywhere,
        requiresLogin: Bool = false, ran: Seen<CommandContext<FakeCommandServices>>? = nil,
        body: @escaping @Sendable (CommandContext<FakeCommandServices>) async throws -> Void = { _ in }
    ) -> Command<FakeCommandServices> {
        Command(name: name, aliases: aliases, summary: "Does \(name).", requiredLevel: level, rooms: rooms,
                requiresLogin: requiresLogin) { context in
            ran?.append(context)
            try await body(context)
        }
    }
}

@Suite("Command processor: dispatch")
struct CommandDispatchTests {
    @Test func aKnownCommandRunsWithItsArguments() async throws {
        let ran = Seen<CommandContext<FakeCommandServices>>()
        let harness = try CommandHarness([ProcessorFixtures.command("start-chat", ran: ran)])
        let outcome = await harness.send("start-chat Alice \"Bob Smith\"")
        #expect(outcome == .ran(command: "start-chat", succeeded: true))
        #expect(ran.values.first?.arguments == ["Alice", "Bob Smith"])
        #expect(ran.values.first?.rawArguments == "Alice \"Bob Smith\"")
    }

    @Test func theContextDescribesSenderRoomAndLevel() async throws {
        let ran = Seen<CommandContext<FakeCommandServices>>()
        let harness = try CommandHarness([ProcessorFixtures.command("ping", ran: ran)])
        await harness.send("!echo ping", from: CommandFixtures.admin, in: .portal)
        let context = try #require(ran.values.first)
        #expect(context.sender == CommandFixtures.admin)
        #expect(context.roomID == CommandFixtures.portalRoom)
        #expect(context.room == .portal)
        #expect(context.senderLevel == .admin)
        #expect(context.commandName == "ping")
        #expect(context.prefix == "!echo")
    }

    @Test func aliasesRunTheCommandUnderItsName() async throws {
        let ran = Seen<CommandContext<FakeCommandServices>>()
        let harness = try CommandHarness([ProcessorFixtures.command("logout", aliases: ["signout"], ran: ran)])
        #expect(await harness.send("SignOut") == .ran(command: "logout", succeeded: true))
        #expect(ran.values.first?.commandName == "logout")
    }

    @Test func repliesGoToTheSink() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("version") { await $0.reply("Echo 1.0") }])
        await harness.send("version")
        #expect(harness.replies.bodies == ["Echo 1.0"])
    }

    @Test func unprefixedPortalMessagesAreNotCommands() async throws {
        let harness = try CommandHarness()
        #expect(await harness.send("hello everyone", in: .portal) == .notACommand)
        #expect(harness.replies.replies.isEmpty)
    }

    @Test func blankManagementRoomMessagesAreNotCommands() async throws {
        let harness = try CommandHarness()
        #expect(await harness.send("   ") == .notACommand)
        #expect(harness.replies.replies.isEmpty)
    }

    @Test func blockedUsersGetNoAnswerAnywhere() async throws {
        let harness = try CommandHarness()
        #expect(await harness.send("help", from: CommandFixtures.blocked) == .ignoredBlockedSender)
        #expect(await harness.send("!echo help", from: CommandFixtures.blocked, in: .portal) == .ignoredBlockedSender)
        #expect(await harness.send("hello", from: CommandFixtures.blocked, in: .portal) == .ignoredBlockedSender)
        #expect(harness.replies.replies.isEmpty)
    }
}

@Suite("Command processor: refusals")
struct CommandRefusalTests {
    @Test func unknownCommandsGetAHelpfulNotice() async throws {
        let harness = try CommandHarness()
        #expect(await harness.send("frobnicate") == .refused(.unknownCommand))
        #expect(harness.replies.bodies == ["Unknown command `frobnicate`. Type `help` for the list."])
        #expect(harness.replies.last?.formattedBody == "Unknown command <code>frobnicate</code>. Type <code>help</code> for the list.")
    }

    @Test func unknownCommandsInPortalsMentionThePrefix() async throws {
        let harness = try CommandHarness()
        await harness.send("!echo frobnicate", in: .portal)
        #expect(harness.replies.bodies == ["Unknown command `frobnicate`. Type `!echo help` for the list."])
    }

    @Test func hostileUnknownNamesAreEscaped() async throws {
        let harness = try CommandHarness()
        await harness.send("<img\u{0}src=x\u{1}onerror=alert(1)>")
        let html = try #require(harness.replies.last?.formattedBody)
        #expect(!html.contains("<img"))
        #expect(html.contains("<code>&lt;img\u{FFFD}src=x\u{FFFD}onerror=alert(1)&gt;</code>"))
    }

    @Test func hugeUnknownNamesAreShortenedInTheNotice() async throws {
        let harness = try CommandHarness()
        await harness.send(String(repeating: "x", count: 100_000))
        let body = try #require(harness.replies.last?.body)
        #expect(body.count < 200)
        #expect(body.contains("xxx…`"))
    }

    @Test func aLevelTooLowNamesTheLevelNeeded() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("bridge", level: .admin)])
        #expect(await harness.send("bridge x") == .refused(.insufficientLevel(required: .admin)))
        #expect(harness.replies.bodies == ["`bridge` needs the `admin` permission level; yours is `user`."])
    }

    @Test func relayUsersCannotRunUserCommands() async throws {
        let ran = Seen<CommandContext<FakeCommandServices>>()
        let harness = try CommandHarness([ProcessorFixtures.command("login", level: .user, ran: ran)])
        await harness.send("login", from: CommandFixtures.relayUser)
        #expect(ran.values.isEmpty)
        #expect(harness.replies.last?.body.contains("`user` permission level") == true)
    }

    @Test func theWrongRoomIsExplained() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("login", rooms: .managementRoom)])
        #expect(await harness.send("!echo login", in: .portal) == .refused(.wrongRoom))
        #expect(harness.replies.bodies == ["`login` works only in your management room (a direct chat with the bot)."])
    }

    @Test func portalOnlyCommandsAreRefusedInTheManagementRoom() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("delete-portal", rooms: .portal)])
        await harness.send("delete-portal")
        #expect(harness.replies.bodies == ["`delete-portal` works only in bridged rooms."])
    }

    @Test func commandsNeedingALoginTellTheUserToLogIn() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("start-chat", requiresLogin: true)])
        #expect(await harness.send("start-chat bob") == .refused(.loginRequired))
        #expect(harness.replies.bodies == ["`start-chat` needs a login: send `login` first."])
    }

    @Test func fromAPortalTheLoginHintPointsToTheManagementRoom() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("sync", rooms: .portal, requiresLogin: true)])
        await harness.send("!echo sync", in: .portal)
        #expect(harness.replies.last?.body.contains("send `login` in your management room") == true)
    }

    @Test func loggedInUsersRunCommandsNeedingALogin() async throws {
        let services = FakeCommandServices(loggedIn: [CommandFixtures.user])
        let harness = try CommandHarness([ProcessorFixtures.command("start-chat", requiresLogin: true)], services: services)
        #expect(await harness.send("start-chat bob") == .ran(command: "start-chat", succeeded: true))
    }
}

@Suite("Command processor: handler errors")
struct CommandHandlerErrorTests {
    struct Boom: Error {}

    @Test func userFacingErrorsAreShownToTheUser() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("bridge") { _ in
            throw CommandError("No chat \(code: "<#general>") on the network.")
        }])
        #expect(await harness.send("bridge") == .ran(command: "bridge", succeeded: false))
        #expect(harness.replies.last?.formattedBody == "No chat <code>&lt;#general&gt;</code> on the network.")
    }

    @Test func contractErrorsAreUserFacing() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("login") { _ in
            throw LoginError(userMessage: "Wrong password <again>.")
        }])
        await harness.send("login")
        #expect(harness.replies.last?.body == "Wrong password <again>.")
        #expect(harness.replies.last?.formattedBody == "Wrong password &lt;again&gt;.")
    }

    @Test func otherErrorsGetAGenericNotice() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("sync") { _ in throw Boom() }])
        #expect(await harness.send("sync") == .ran(command: "sync", succeeded: false))
        #expect(harness.replies.bodies == ["`sync` failed because of an internal error; the bridge's logs have the details."])
    }

    @Test func otherErrorsAreLoggedAtErrorLevel() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("sync") { _ in throw Boom() }])
        await harness.send("sync")
        let line = try #require(harness.logs.lines.first { $0.hasPrefix("error") })
        #expect(line.contains("Boom"))
        #expect(line.contains("sync"))
    }

    @Test func argumentsAreNeverLogged() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("login") { _ in throw Boom() }])
        await harness.send("login hunter2-secret")
        #expect(!harness.logs.lines.contains { $0.contains("hunter2") })
    }

    @Test func cancellationIsNotReported() async throws {
        let harness = try CommandHarness([ProcessorFixtures.command("sync") { _ in throw CancellationError() }])
        #expect(await harness.send("sync") == .ran(command: "sync", succeeded: false))
        #expect(harness.replies.replies.isEmpty)
    }

    @Test func requireArgumentsShowsTheUsage() async throws {
        let command = Command<FakeCommandServices>(name: "bridge", summary: "Bridge this room.", argumentsHelp: "<remote-id>",
                                                   rooms: .anywhere) { context in
            try context.requireArguments(1...1)
        }
        let harness = try CommandHarness([command])
        await harness.send("!echo bridge", in: .unbridgedRoom)
        #expect(harness.replies.bodies == ["Usage: `!echo bridge <remote-id>`"])
        #expect(harness.replies.last?.formattedBody == "Usage: <code>!echo bridge &lt;remote-id&gt;</code>")
    }
}
