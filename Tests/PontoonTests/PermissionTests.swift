import Pontoon
import PontoonMatrix
import Testing

@Suite("Permissions from bridge.permissions")
struct PermissionTests {
    let permissions = try! BridgePermissions([
        "*": .relay,
        "example.org": .user,
        "@admin:example.org": .admin,
        "@troll:example.org": .block,
        "Partner.NET": .user,
    ])

    @Test func userKeyBeatsServerKey() {
        #expect(permissions.level(of: "@admin:example.org") == .admin)
    }

    @Test func userKeyCanLowerTheServerLevel() {
        #expect(permissions.level(of: "@troll:example.org") == .block)
    }

    @Test func serverKeyBeatsWildcard() {
        #expect(permissions.level(of: "@bob:example.org") == .user)
    }

    @Test func wildcardAppliesToOtherServers() {
        #expect(permissions.level(of: "@carol:matrix.org") == .relay)
    }

    @Test func withoutWildcardUnknownUsersAreBlocked() throws {
        let noWildcard = try BridgePermissions(["example.org": .user])
        #expect(noWildcard.level(of: "@carol:matrix.org") == .block)
        #expect(BridgePermissions.defaultLevel == .block)
    }

    @Test func emptyPermissionsBlockEveryone() throws {
        #expect(try BridgePermissions([:]).level(of: "@admin:example.org") == .block)
    }

    @Test func serverNamesIgnoreCase() {
        #expect(permissions.level(of: "@dave:partner.net") == .user)
        #expect(permissions.level(of: "@dave:PARTNER.net") == .user)
        #expect(permissions.level(of: "@bob:Example.ORG") == .user)
    }

    @Test func userIDsAreCaseSensitive() {
        // A historical localpart with capitals is another user, who gets the server's level.
        #expect(permissions.level(of: "@Admin:example.org") == .user)
    }

    @Test func serverKeyCoversNeitherSubdomainsNorOtherPorts() {
        #expect(permissions.level(of: "@eve:chat.example.org") == .relay)
        #expect(permissions.level(of: "@eve:example.org:8448") == .relay)
        #expect(permissions.level(of: "@eve:notexample.org") == .relay)
    }

    @Test func serverKeyWithPortMatchesThatPort() throws {
        let withPort = try BridgePermissions(["example.org:8448": .admin])
        #expect(withPort.level(of: "@eve:example.org:8448") == .admin)
        #expect(withPort.level(of: "@eve:example.org") == .block)
    }

    @Test func helpersFollowTheLevels() {
        #expect(permissions.isAdmin("@admin:example.org"))
        #expect(!permissions.isAdmin("@bob:example.org"))
        #expect(permissions.canLogin("@bob:example.org"))
        #expect(!permissions.canLogin("@carol:matrix.org"))
        #expect(permissions.canUseRelay("@carol:matrix.org"))
        #expect(!permissions.canUseRelay("@troll:example.org"))
    }

    @Test func builtFromTheBridgeSection() throws {
        let section = BridgeConfig.Bridge(commandPrefix: "!echo")
        let fromConfig = try BridgePermissions(config: section)
        #expect(fromConfig.level(of: "@anyone:anywhere.org") == .relay)
    }

    @Test func settingARelayNeedsRelayingEnabled() throws {
        let disabled = try BridgePermissions(["*": .admin])
        #expect(!disabled.canSetRelay("@admin:example.org"))
    }

    @Test func settingARelayIsForAdminsWhenAdminOnly() throws {
        let adminOnly = try BridgePermissions(["example.org": .user, "@admin:example.org": .admin],
                                              relay: .init(enabled: true, adminOnly: true))
        #expect(adminOnly.canSetRelay("@admin:example.org"))
        #expect(!adminOnly.canSetRelay("@bob:example.org"))
    }

    @Test func settingARelayIsForUsersWhenNotAdminOnly() throws {
        let open = try BridgePermissions(["*": .relay, "example.org": .user], relay: .init(enabled: true, adminOnly: false))
        #expect(open.canSetRelay("@bob:example.org"))
        #expect(!open.canSetRelay("@carol:matrix.org"))
    }
}

@Suite("Permissions: hostile keys")
struct PermissionHostileKeyTests {
    /// The problems `BridgePermissions` reports for `entries` (none when it accepts them).
    func problems(_ entries: [String: PermissionLevel]) -> [ConfigProblem] {
        do {
            _ = try BridgePermissions(entries)
            return []
        } catch {
            return error.problems
        }
    }

    @Test(arguments: [
        "", " ", "**", "*.example.org", "@alice", "@:example.org", "alice@example.org", "example.org ",
        "exämple.org", "example.org\n", "https://example.org", "#room:example.org", "!room:example.org",
        "@alice:example.org:99999999", String(repeating: "a", count: 300), "\u{202E}gro.elpmaxe",
        "example.org\u{200B}", "@ali ce:example.org", "[::1", "ex_ample.org",
    ])
    func invalidKeysAreErrorsNamingTheKey(key: String) {
        let found = problems(["*": .relay, key: .admin])
        #expect(found.count == 1)
        #expect(found.first?.key.hasPrefix("bridge.permissions.") == true)
        #expect(found.first?.message.contains("server name") == true)
    }

    @Test func everyBadKeyIsReportedAtOnceInOrder() {
        #expect(problems(["nope nope": .user, "@x": .user, "*": .relay]).map(\.key)
            == ["bridge.permissions.\"@x\"", "bridge.permissions.\"nope nope\""])
    }

    @Test func keyNamesAreQuotedLikeTheConfigLoaderQuotesThem() {
        #expect(problems(["bad\"key\u{1}": .user]).first?.key == "bridge.permissions.\"bad?key?\"")
    }

    @Test func aValidConfigKeyIsAValidPermissionKey() {
        // The example config's keys pass both the loader and this type.
        #expect(problems(["*": .relay, "example.org": .user, "@admin:example.org": .admin]).isEmpty)
    }

    @Test func serverKeysDifferingOnlyInCaseWithDifferentLevelsAreAnError() {
        let found = problems(["example.org": .user, "EXAMPLE.org": .admin])
        #expect(found.count == 1)
        #expect(found.first?.message.contains("same server") == true)
    }

    @Test func serverKeysDifferingOnlyInCaseWithTheSameLevelAreFine() throws {
        let permissions = try BridgePermissions(["example.org": .user, "EXAMPLE.org": .user])
        #expect(permissions.level(of: "@bob:example.org") == .user)
    }

    @Test func userKeysDifferingOnlyInCaseAreDifferentUsers() throws {
        let permissions = try BridgePermissions(["@bob:example.org": .admin, "@Bob:example.org": .block])
        #expect(permissions.level(of: "@bob:example.org") == .admin)
        #expect(permissions.level(of: "@Bob:example.org") == .block)
    }

    @Test func ipLiteralServersAreKeys() throws {
        let permissions = try BridgePermissions(["[::1]:8448": .user, "127.0.0.1": .admin])
        #expect(permissions.level(of: "@a:[::1]:8448") == .user)
        #expect(permissions.level(of: "@a:127.0.0.1") == .admin)
    }
}

@Suite("Permissions agree with the config loader")
struct PermissionConfigAgreementTests {
    @Test func theExampleConfigsPermissionsBuild() throws {
        let loaded = try ConfigFixtures.load(ConfigFixtures.exampleWithTokens())
        let permissions = try BridgePermissions(config: loaded.config.bridge)
        #expect(permissions.isAdmin("@admin:example.org"))
        #expect(permissions.level(of: "@someone:example.org") == .user)
    }

    @Test(arguments: ["*", "example.org", "@admin:example.org", "not a server", "@bad", "**", "ex_ample.org", "[::1]"])
    func theLoaderAndThePermissionsAcceptTheSameKeys(key: String) {
        let yaml = ConfigFixtures.minimal + "bridge:\n  permissions:\n    \"\(key)\": user\n"
        let loaderAccepts = ConfigFixtures.error(loading: yaml) == nil
        let permissionsAccept = (try? BridgePermissions([key: .user])) != nil
        #expect(loaderAccepts == permissionsAccept)
    }
}
