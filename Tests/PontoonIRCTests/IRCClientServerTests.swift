import Logging
import Pontoon
import PontoonMatrix
@testable import PontoonIRC
import PontoonTestSupport
import Synchronization
import Testing

/// The client against real servers: ngircd (no IRCv3) and InspIRCd (IRCv3 caps).
@Suite("IRC client against real servers", .serialized, RigAvailability.ircTrait)
struct IRCClientServerTests {
    /// Collects a client's events for assertions.
    final class Events: Sendable {
        private let seen = Mutex<[IRCClientEvent]>([])
        func append(_ event: IRCClientEvent) { seen.withLock { $0.append(event) } }
        var all: [IRCClientEvent] { seen.withLock { $0 } }

        func waitFor(timeout: Duration = .seconds(60), _ matches: (IRCClientEvent) -> Bool) async throws -> IRCClientEvent {
            let deadline = ContinuousClock.now + timeout
            while ContinuousClock.now < deadline {
                if let found = all.first(where: matches) { return found }
                try await Task.sleep(for: .milliseconds(20))
            }
            throw RigError.timeout("IRC client event; seen: \(all.map { "\($0)" }.suffix(10))")
        }
    }

    static func client(port: Int, nick: String) -> (IRCClient, Events) {
        client(settings: IRCConnectionSettings(host: "127.0.0.1", port: port, nick: nick, flood: .unlimited))
    }

    static func client(settings: IRCConnectionSettings) -> (IRCClient, Events) {
        let events = Events()
        var logger = Logger(label: "test.irc")
        logger.logLevel = .debug
        return (IRCClient(settings: settings, logger: logger) { events.append($0) }, events)
    }

    static func isReady(_ event: IRCClientEvent) -> Bool {
        if case .ready = event { return true }
        return false
    }

    @Test(arguments: IRCServerRig.Kind.allCases)
    func registersJoinsAndExchangesMessages(_ kind: IRCServerRig.Kind) async throws {
        try await withIRCServer(kind) { server in
            let (client, events) = Self.client(port: server.port, nick: "pontoon")
            await client.start()
            _ = try await events.waitFor(Self.isReady)
            try await client.join("#test")
            let bob = try await RawIRCClient.connect(port: server.port, nick: "bob")
            try await bob.send("JOIN #test")
            _ = try await bob.waitForLine { $0.contains(" 366 ") }
            _ = try await client.sendMessage(to: "#test", text: "hello bob")
            _ = try await bob.waitForLine { $0.hasSuffix("PRIVMSG #test :hello bob") }
            try await bob.send("PRIVMSG #test :hello pontoon")
            _ = try await events.waitFor {
                if case .line(let message, _, _) = $0 { return message.command == "PRIVMSG" && message.parameters.last == "hello pontoon" }
                return false
            }
            #expect(await client.channel("#TEST")?.members.keys.sorted() == ["bob", "pontoon"])
            await bob.close()
            await client.stop()
        }
    }
}

@Suite("IRC login check against a real server", .serialized, RigAvailability.ircTrait)
struct IRCLoginCheckTests {
    @Test func theLoginConnectsOnceAndSucceeds() async throws {
        try await withIRCServer(.ngircd) { server in
            let config = IRCServerConfig(host: "127.0.0.1", port: server.port, flood: .unlimited)
            let network = IRCNetwork(config: IRCBridgeConfig(servers: ["test": config]))
            let process = try await network.startLogin(flowID: "nick", for: try .init(validating: "@alice:localhost"))
            _ = try await process.start()
            let step = try await process.submit(["nick": "alice_m"])
            guard case .complete(let result) = step else { Issue.record("not complete: \(step)"); return }
            #expect(result.remoteName == "alice_m on test")
        }
    }

    @Test func theServerPasswordFromTheConfigIsSent() async throws {
        try await withIRCServer(.ngircd, password: "sesame") { server in
            for (password, works) in [("sesame", true), ("wrong", false)] {
                let config = IRCServerConfig(host: "127.0.0.1", port: server.port, password: password, flood: .unlimited)
                let network = IRCNetwork(config: IRCBridgeConfig(servers: ["test": config]))
                let process = try await network.startLogin(flowID: "nick", for: try .init(validating: "@alice:localhost"))
                _ = try await process.start()
                if works {
                    let step = try await process.submit(["nick": "alice_m"])
                    guard case .complete = step else { Issue.record("not complete: \(step)"); return }
                } else {
                    await #expect(throws: LoginError.self) { try await process.submit(["nick": "alice_x"]) }
                }
            }
        }
    }

    @Test func anUnreachableServerIsAClearLoginError() async throws {
        let port = try FreePort.find()
        let network = IRCNetwork(config: IRCBridgeConfig(servers: ["test": IRCServerConfig(host: "127.0.0.1", port: port)]))
        let process = try await network.startLogin(flowID: "nick", for: try .init(validating: "@alice:localhost"))
        await #expect(throws: LoginError.self) { try await process.submit(["nick": "alice_m"]) }
    }
}
