import Pontoon
import Testing

@Suite("Command registry")
struct CommandRegistryTests {
    func command(_ name: String, aliases: [String] = []) -> Command<FakeCommandServices> {
        Command(name: name, aliases: aliases, summary: "x") { _ in }
    }

    @Test func startsWithHelpAndCancel() {
        let registry = CommandRegistry<FakeCommandServices>()
        #expect(registry.all.map(\.name) == ["cancel", "help"])
    }

    @Test func namesAndAliasesAreFoundIgnoringCase() throws {
        var registry = CommandRegistry<FakeCommandServices>()
        try registry.register(command("Start-Chat", aliases: ["PM"]))
        #expect(registry.command(named: "start-chat")?.name == "start-chat")
        #expect(registry.command(named: "pm")?.name == "start-chat")
        #expect(registry.command(named: "START-CHAT")?.aliases == ["pm"])
    }

    @Test func aTakenNameIsRefused() throws {
        var registry = CommandRegistry<FakeCommandServices>()
        #expect(throws: CommandRegistryError.duplicate(name: "help")) { try registry.register(command("HELP")) }
    }

    @Test func anAliasClashingWithANameIsRefused() throws {
        var registry = CommandRegistry<FakeCommandServices>()
        try registry.register(command("login"))
        #expect(throws: CommandRegistryError.duplicate(name: "login")) { try registry.register(command("signin", aliases: ["login"])) }
        #expect(registry.command(named: "signin") == nil)
    }

    @Test func anAliasRepeatingItsOwnNameIsRefused() {
        var registry = CommandRegistry<FakeCommandServices>()
        #expect(throws: CommandRegistryError.duplicate(name: "ping")) { try registry.register(command("ping", aliases: ["ping"])) }
    }

    @Test(arguments: ["", "two words", "quo\"te", "tab\there", "nul\u{0}", "“curly”"])
    func untypableNamesAreRefused(name: String) {
        var registry = CommandRegistry<FakeCommandServices>()
        #expect(throws: CommandRegistryError.self) { try registry.register(command(name)) }
        #expect(throws: CommandRegistryError.self) { try registry.register(command("ok-\(registry.all.count)", aliases: [name])) }
    }

    @Test func availabilityFollowsLevelAndRoom() {
        let command = Command<FakeCommandServices>(name: "bridge", summary: "x", requiredLevel: .admin, rooms: .unbridgedRoom) { _ in }
        #expect(command.isAvailable(to: .admin, in: .unbridgedRoom))
        #expect(!command.isAvailable(to: .user, in: .unbridgedRoom))
        #expect(!command.isAvailable(to: .admin, in: .portal))
    }

    @Test func defaultsFailClosed() {
        let command = Command<FakeCommandServices>(name: "x", summary: "x") { _ in }
        #expect(command.requiredLevel == .user)
        #expect(command.rooms == .managementRoom)
        #expect(!command.requiresLogin)
    }
}
