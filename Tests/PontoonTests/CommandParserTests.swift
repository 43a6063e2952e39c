import Pontoon
import Testing

@Suite("Command parser: prefix and rooms")
struct CommandParserPrefixTests {
    let parser = CommandParser(prefix: "!echo")

    @Test func managementRoomNeedsNoPrefix() {
        let parsed = parser.parse("login password", in: .managementRoom)
        #expect(parsed?.name == "login")
        #expect(parsed?.arguments == ["password"])
        #expect(parsed?.hadPrefix == false)
    }

    @Test func managementRoomAcceptsAndStripsThePrefix() {
        let parsed = parser.parse("!echo login password", in: .managementRoom)
        #expect(parsed?.name == "login")
        #expect(parsed?.arguments == ["password"])
        #expect(parsed?.hadPrefix == true)
    }

    @Test(arguments: [CommandRoomKind.portal, .unbridgedRoom])
    func otherRoomsNeedThePrefix(room: CommandRoomKind) {
        #expect(parser.parse("help", in: room) == nil)
        #expect(parser.parse("!echo help", in: room)?.name == "help")
    }

    @Test func aPrefixGluedToTheNameIsNotThePrefix() {
        #expect(parser.parse("!echohelp", in: .portal) == nil)
        // In the management room it is a command, just not a known one.
        #expect(parser.parse("!echohelp", in: .managementRoom)?.name == "!echohelp")
    }

    @Test func thePrefixAloneAsksForHelp() {
        let parsed = parser.parse("!echo", in: .portal)
        #expect(parsed?.name == "help")
        #expect(parsed?.arguments == [])
    }

    @Test func thePrefixIgnoresASCIICase() {
        #expect(parser.parse("!Echo help", in: .portal)?.name == "help")
    }

    @Test func whitespaceAroundThePrefixIsAllowed() {
        #expect(parser.parse("  \t!echo \n  help  ", in: .portal)?.name == "help")
    }

    @Test func aNoBreakSpaceSeparatesThePrefix() {
        #expect(parser.parse("!echo\u{00A0}help", in: .portal)?.name == "help")
    }

    @Test(arguments: [
        "\u{200F}!echo help",   // right-to-left mark before
        "\u{202E}!echo help",   // right-to-left override before
        "\u{200B}!echo help",   // zero-width space before
        "\u{FEFF}!echo help",   // byte-order mark before
        "!echo\u{200B}help",    // zero-width space after
        "!echo\u{200D} help",   // zero-width joiner after
        "!echo\u{200F} help",   // right-to-left mark after
        "!ech\u{200B}o help",   // zero-width space inside
        "!echo\u{0301} help",   // combining accent: "!echó"
        "！echo help",           // fullwidth exclamation mark
    ])
    func invisibleOrLookalikeCharactersAreNotThePrefix(body: String) {
        #expect(parser.parse(body, in: .portal) == nil)
    }

    @Test func invisibleCharactersMakeAnUnknownNameInTheManagementRoom() {
        #expect(parser.parse("\u{200B}help", in: .managementRoom)?.name == "\u{200B}help")
    }

    @Test(arguments: ["", " ", "\n\t ", "\u{3000}"])
    func blankMessagesAreNotCommands(body: String) {
        #expect(parser.parse(body, in: .managementRoom) == nil)
        #expect(parser.parse(body, in: .portal) == nil)
    }

    @Test(arguments: ["", "  ", "!e cho"])
    func aBrokenPrefixNeverMatches(prefix: String) {
        let broken = CommandParser(prefix: prefix)
        #expect(broken.parse("hello there", in: .portal) == nil)
        #expect(broken.parse(" help", in: .portal) == nil)
        #expect(broken.parse("help", in: .managementRoom)?.name == "help")
    }
}

@Suite("Command parser: names and arguments")
struct CommandParserArgumentTests {
    let parser = CommandParser(prefix: "!echo")

    @Test func namesAreLowercasedAndKeptAsTyped() {
        let parsed = parser.parse("HeLP", in: .managementRoom)
        #expect(parsed?.name == "help")
        #expect(parsed?.typedName == "HeLP")
    }

    @Test func argumentsAreSplitAtAnyWhitespace() {
        #expect(parser.parse("login  a\tb\nc ", in: .managementRoom)?.arguments == ["a", "b", "c"])
    }

    @Test func argumentsKeepTheirCase() {
        #expect(parser.parse("start-chat Alice", in: .managementRoom)?.arguments == ["Alice"])
    }

    @Test func doubleQuotesGroupWords() {
        #expect(parser.parse(#"set-name "Alice Smith" now"#, in: .managementRoom)?.arguments == ["Alice Smith", "now"])
    }

    @Test func curlyQuotesFromPhoneKeyboardsGroupWords() {
        #expect(parser.parse("set-name “Alice Smith” now", in: .managementRoom)?.arguments == ["Alice Smith", "now"])
    }

    @Test func quotesInsideAWordJoinLikeAShell() {
        #expect(parser.parse(#"set name="a b"c"#, in: .managementRoom)?.arguments == ["name=a bc"])
    }

    @Test func emptyQuotesAreAnEmptyArgument() {
        #expect(parser.parse(#"set "" x"#, in: .managementRoom)?.arguments == ["", "x"])
    }

    @Test func anUnclosedQuoteRunsToTheEnd() {
        #expect(parser.parse(#"say hello "big   world"#, in: .managementRoom)?.arguments == ["hello", "big   world"])
    }

    @Test func aLoneQuoteIsAnEmptyArgument() {
        #expect(parser.parse(#"say ""#, in: .managementRoom)?.arguments == [""])
    }

    @Test func singleQuotesAreOrdinaryCharacters() {
        #expect(parser.parse("start-chat O'Brien 'x y'", in: .managementRoom)?.arguments == ["O'Brien", "'x", "y'"])
    }

    @Test func rawArgumentsKeepSpacingQuotesAndNewlinesButAreTrimmed() {
        let parsed = parser.parse("!echo relay  Hello,  \"world\"\nsecond line  \n", in: .portal)
        #expect(parsed?.rawArguments == "Hello,  \"world\"\nsecond line")
    }

    @Test func rawArgumentsAreEmptyWithoutArguments() {
        #expect(parser.parse("help", in: .managementRoom)?.rawArguments == "")
    }

    @Test func splitArgumentsWorksOnAnyText() {
        #expect(CommandParser.splitArguments(" a \"b c\" ") == ["a", "b c"])
    }
}

@Suite("Command parser: hostile bodies")
struct CommandParserHostileTests {
    let parser = CommandParser(prefix: "!echo")

    @Test func controlCharactersStayInTheName() {
        let parsed = parser.parse("help\u{0}\u{7}\u{1B}[31m", in: .managementRoom)
        #expect(parsed?.name == "help\u{0}\u{7}\u{1B}[31m")
    }

    @Test func controlCharactersInArgumentsAreKept() {
        #expect(parser.parse("login a\u{0}b", in: .managementRoom)?.arguments == ["a\u{0}b"])
    }

    @Test func aHundredKilobyteWordIsOneName() {
        let body = String(repeating: "x", count: 100_000)
        let parsed = parser.parse(body, in: .managementRoom)
        #expect(parsed?.name.count == 100_000)
        #expect(parsed?.arguments == [])
    }

    @Test func aHundredKilobytesOfArgumentsAreAllSplit() {
        let body = "!echo say " + String(repeating: "ab ", count: 33_000)
        let parsed = parser.parse(body, in: .portal)
        #expect(parsed?.arguments.count == 33_000)
        #expect(parsed?.rawArguments.count == 33_000 * 3 - 1)
    }

    @Test func aHundredKilobytesOfQuotesDoNotCrash() {
        let body = "say " + String(repeating: "\"", count: 100_001)
        #expect(parser.parse(body, in: .managementRoom)?.arguments == [""])
    }

    @Test func emojiAndCombiningCharactersAreOrdinaryText() {
        #expect(parser.parse("say 👩‍👩‍👧 é", in: .managementRoom)?.arguments == ["👩‍👩‍👧", "é"])
    }
}
