import Pontoon
import PontoonMatrix
import Synchronization
import Testing

@Suite("Pending interactions and cancel")
struct CommandPendingInteractionTests {
    /// `login` asks for a username, then for a password, then says done.
    static func loginCommand(answers: Seen<String>, cancelled: Seen<String>) -> Command<FakeCommandServices> {
        Command(name: "login", section: .authentication, summary: "Log in.", requiredLevel: .user,
                rooms: .anywhere) { context in
            await context.reply("Your username?")
            await context.expectInput(PendingInteraction(commandName: "login", onInput: { answer in
                answers.append(answer.rawArguments)
                await answer.reply("Your password?")
                await answer.expectInput(PendingInteraction(commandName: "login", onInput: { password in
                    answers.append(password.rawArguments)
                    await password.reply("Logged in.")
                }, onCancel: { cancelled.append("password step") }))
            }, onCancel: { cancelled.append("username step") }))
        }
    }

    let answers = Seen<String>()
    let cancelled = Seen<String>()

    func harness() throws -> CommandHarness {
        try CommandHarness([Self.loginCommand(answers: answers, cancelled: cancelled)])
    }

    @Test func theNextMessageGoesToTheWaitingInteraction() async throws {
        let harness = try harness()
        await harness.send("login")
        #expect(await harness.send("  alice  ") == .deliveredToPendingInteraction(command: "login", succeeded: true))
        #expect(answers.values == ["alice"])
    }

    @Test func aMultiStepFlowRunsToTheEnd() async throws {
        let harness = try harness()
        await harness.send("login")
        await harness.send("alice")
        await harness.send("correct horse \"battery\"")
        #expect(answers.values == ["alice", "correct horse \"battery\""])
        #expect(harness.replies.bodies == ["Your username?", "Your password?", "Logged in."])
        #expect(await harness.processor.pendingInteractions.count == 0)
    }

    @Test func inputThatLooksLikeACommandIsStillInput() async throws {
        let harness = try harness()
        await harness.send("login")
        await harness.send("help")
        #expect(answers.values == ["help"])
    }

    @Test func prefixedMessagesAreCommandsEvenWhileWaiting() async throws {
        let harness = try harness()
        await harness.send("login")
        #expect(await harness.send("!echo help") == .ran(command: "help", succeeded: true))
        #expect(answers.values.isEmpty)
        await harness.send("alice")
        #expect(answers.values == ["alice"])
    }

    @Test func cancelEndsTheInteraction() async throws {
        let harness = try harness()
        await harness.send("login")
        #expect(await harness.send("Cancel") == .ran(command: "cancel", succeeded: true))
        #expect(cancelled.values == ["username step"])
        #expect(harness.replies.last?.body == "Cancelled `login`.")
        #expect(await harness.send("alice") == .refused(.unknownCommand))
        #expect(answers.values.isEmpty)
    }

    @Test func cancelWithNothingPendingSaysSo() async throws {
        let harness = try harness()
        await harness.send("cancel")
        #expect(harness.replies.bodies == ["Nothing to cancel."])
    }

    @Test func interactionsBelongToOneUser() async throws {
        let harness = try harness()
        await harness.send("login", from: CommandFixtures.user)
        #expect(await harness.send("bob", from: CommandFixtures.admin) == .refused(.unknownCommand))
        #expect(answers.values.isEmpty)
    }

    @Test func interactionsBelongToOneRoom() async throws {
        let harness = try harness()
        await harness.send("!echo login", in: .portal)
        // The management room has its own slot; in the portal the next message is the answer.
        #expect(await harness.send("cancel", in: .managementRoom) == .ran(command: "cancel", succeeded: true))
        #expect(harness.replies.last?.body == "Nothing to cancel.")
        #expect(await harness.send("alice", in: .portal) == .deliveredToPendingInteraction(command: "login", succeeded: true))
    }

    @Test func aNewInteractionCancelsTheOldOne() async throws {
        let harness = try harness()
        await harness.send("login")
        await harness.send("!echo login")
        #expect(cancelled.values == ["username step"])
        #expect(await harness.processor.pendingInteractions.count == 1)
    }

    @Test func blankMessagesAreNotInput() async throws {
        let harness = try harness()
        await harness.send("login")
        #expect(await harness.send(" \n ") == .notACommand)
        await harness.send("alice")
        #expect(answers.values == ["alice"])
    }

    @Test func anInputErrorEndsTheFlowWithTheMessage() async throws {
        let failing = Command<FakeCommandServices>(name: "login", summary: "Log in.", rooms: .anywhere) { context in
            await context.expectInput(PendingInteraction(commandName: "login", onInput: { _ in
                throw LoginError(userMessage: "That username does not exist.")
            }))
        }
        let harness = try CommandHarness([failing])
        await harness.send("login")
        #expect(await harness.send("nobody") == .deliveredToPendingInteraction(command: "login", succeeded: false))
        #expect(harness.replies.last?.body == "That username does not exist.")
        #expect(await harness.processor.pendingInteractions.count == 0)
    }

    @Test func interactionsWithoutInputLeaveMessagesToCommands() async throws {
        let waiting = Command<FakeCommandServices>(name: "login", summary: "Log in.", rooms: .anywhere) { context in
            await context.expectInput(PendingInteraction(commandName: "login", onInput: nil, onCancel: {}))
            await context.reply("Scan the code, then wait.")
        }
        let harness = try CommandHarness([waiting])
        await harness.send("login")
        #expect(await harness.send("help") == .ran(command: "help", succeeded: true))
        await harness.send("cancel")
        #expect(harness.replies.last?.body == "Cancelled `login`.")
    }

    @Test func aFinishedInteractionDoesNotClearANewerOne() async throws {
        let pending = PendingInteractions<FakeCommandServices>()
        let key = PendingInteractionKey(user: CommandFixtures.user, room: CommandFixtures.managementRoom)
        let old = PendingInteraction<FakeCommandServices>(commandName: "login", onInput: nil)
        let newer = PendingInteraction<FakeCommandServices>(commandName: "login", onInput: nil)
        await pending.set(old, for: key)
        await pending.set(newer, for: key)
        #expect(await pending.remove(old.id, for: key) == false)
        #expect(await pending.interaction(for: key)?.id == newer.id)
        #expect(await pending.remove(newer.id, for: key) == true)
        #expect(await pending.count == 0)
    }

    @Test func concurrentMessagesAreTakenAsOneAnswerOnlyOnce() async throws {
        let oneQuestion = Command<FakeCommandServices>(name: "ask", summary: "Ask once.", rooms: .anywhere) { context in
            await context.expectInput(PendingInteraction(commandName: "ask", onInput: { answer in
                self.answers.append(answer.rawArguments)
            }))
        }
        let harness = try CommandHarness([oneQuestion])
        await harness.send("ask")
        let outcomes = await withTaskGroup(of: CommandOutcome.self) { group in
            for name in ["alice", "bob", "carol", "dave"] {
                group.addTask { await harness.send(name) }
            }
            return await group.reduce(into: [CommandOutcome]()) { $0.append($1) }
        }
        #expect(outcomes.filter { $0 == .deliveredToPendingInteraction(command: "ask", succeeded: true) }.count == 1)
        #expect(outcomes.filter { $0 == .refused(.unknownCommand) }.count == 3)
        #expect(answers.values.count == 1)
    }
}
