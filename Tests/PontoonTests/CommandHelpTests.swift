import Pontoon
import PontoonMatrix
import Testing

@Suite("Built-in help")
struct CommandHelpTests {
    /// A bridge's worth of commands across sections, levels and rooms.
    static let commands: [Command<FakeCommandServices>] = [
        Command(name: "ping", section: .general, summary: "Show your logins' states.", requiredLevel: .user,
                rooms: .managementRoomAndPortals) { _ in },
        Command(name: "login", aliases: ["signin"], section: .authentication, summary: "Log in.",
                argumentsHelp: "[flow]", requiredLevel: .user, rooms: .managementRoom) { _ in },
        Command(name: "set-relay", section: .portalManagement, summary: "Relay this portal.", requiredLevel: .user,
                rooms: .portal, requiresLogin: true) { _ in },
        Command(name: "bridge", section: .admin, summary: "Bridge this room.", argumentsHelp: "<remote-id>",
                requiredLevel: .admin, rooms: [.unbridgedRoom, .portal]) { _ in },
    ]

    func help(from sender: UserID, in room: CommandRoomKind, _ body: String = "help") async throws -> CommandReply {
        let harness = try CommandHarness(Self.commands)
        await harness.send(body, from: sender, in: room)
        return try #require(harness.replies.last)
    }

    @Test func listsCommandsGroupedBySectionInOrder() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .managementRoom)
        #expect(reply.body == """
            Commands you can use here:

            **General**
            * `cancel` — Stop what the bot is waiting for (a login, a question).
            * `help [command]` — Show the commands you can use here, or how to use one.
            * `ping` — Show your logins' states.

            **Authentication**
            * `login [flow]` — Log in. (also `signin`)
            """)
    }

    @Test func htmlUsesHeadingsListsAndCode() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .managementRoom)
        #expect(reply.formattedBody.hasPrefix("<p>Commands you can use here:</p><p><strong>General</strong></p><ul><li><code>cancel</code>"))
        #expect(reply.formattedBody.contains("<li><code>login [flow]</code> — Log in. (also <code>signin</code>)</li></ul>"))
    }

    @Test func hidesCommandsAboveTheSendersLevel() async throws {
        let relayHelp = try await help(from: CommandFixtures.relayUser, in: .managementRoom)
        #expect(!relayHelp.body.contains("`login"))
        #expect(!relayHelp.body.contains("`ping"))
        #expect(relayHelp.body.contains("`help"))
    }

    @Test func hidesCommandsOfOtherRooms() async throws {
        let portalHelp = try await help(from: CommandFixtures.user, in: .portal, "!echo help")
        #expect(!portalHelp.body.contains("`!echo login"))
        #expect(portalHelp.body.contains("`!echo set-relay` — Relay this portal."))
        #expect(!portalHelp.body.contains("bridge"))
    }

    @Test func adminsSeeAdminCommands() async throws {
        let adminHelp = try await help(from: CommandFixtures.admin, in: .portal, "!echo help")
        #expect(adminHelp.body.contains("**Admin**\n* `!echo bridge <remote-id>` — Bridge this room."))
        #expect(adminHelp.formattedBody.contains("<code>!echo bridge &lt;remote-id&gt;</code>"))
    }

    @Test func inPortalsTheIntroductionNamesThePrefix() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .portal, "!echo help")
        #expect(reply.body.hasPrefix("Commands you can use in this room (start each with `!echo`):"))
    }

    @Test func thePrefixAloneShowsHelp() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .portal, "!echo")
        #expect(reply.body.hasPrefix("Commands you can use in this room"))
    }

    @Test func helpForOneCommandShowsItsUsage() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .managementRoom, "help signin")
        #expect(reply.body == "`login [flow]` — Log in. (also `signin`)")
    }

    @Test func helpForOneCommandMentionsTheLogin() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .portal, "!echo help set-relay")
        #expect(reply.body.hasSuffix("Needs a login: send `login` in your management room (a direct chat with the bot) first."))
    }

    @Test func helpForACommandTheSenderCannotRunSaysNoSuchCommand() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .portal, "!echo help bridge")
        #expect(reply.body == "No command `bridge` that you can use here. Type `!echo help` for the list.")
    }

    @Test func hostileTextInCommandDefinitionsIsEscaped() async throws {
        let hostile = Command<FakeCommandServices>(
            name: "nick", aliases: ["<svg/onload=x>"], section: CommandSection(title: "<script>IRC</script>", order: 5),
            summary: "Set your nick to <img src=x onerror=alert(1)>.", argumentsHelp: "<nick & \"name\">",
            requiredLevel: .user, rooms: .anywhere) { _ in }
        let harness = try CommandHarness([hostile])
        await harness.send("help")
        let html = try #require(harness.replies.last?.formattedBody)
        #expect(!html.contains("<img"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("<svg"))
        #expect(html.contains("<strong>&lt;script&gt;IRC&lt;/script&gt;</strong>"))
        #expect(html.contains("<code>nick &lt;nick &amp; &quot;name&quot;&gt;</code> — Set your nick to &lt;img src=x onerror=alert(1)&gt;."))
    }

    @Test func hostileNamesAskedAboutAreEscaped() async throws {
        let reply = try await help(from: CommandFixtures.user, in: .managementRoom, "help <img src=x onerror=alert(1)>")
        #expect(!reply.formattedBody.contains("<img"))
        #expect(reply.formattedBody.contains("<code>&lt;img</code>"))
    }
}
