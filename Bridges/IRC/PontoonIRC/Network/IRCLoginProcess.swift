import Foundation
import Logging
import Pontoon
import PontoonMatrix

/// `login` for IRC: pick a server (when there are several), a nick and optionally a SASL account;
/// the bridge then connects once to check it all before storing the login, so a wrong password or
/// an unreachable server is reported here and not later in a log.
struct IRCLoginProcess: LoginProcess {
    let network: IRCNetwork
    let owner: UserID
    let usesSASL: Bool

    func start() async throws -> LoginStep {
        var fields: [LoginField] = []
        let names = network.config.sortedNames
        if names.count > 1 {
            fields.append(LoginField(id: "server", kind: .text, name: "server", description: "One of: \(names.joined(separator: ", "))"))
        }
        fields.append(LoginField(id: "nick", kind: .username, name: "nick", description: "The nick you want on IRC"))
        if usesSASL {
            fields.append(LoginField(id: "account", kind: .username, name: "account name", description: "Your registered account name"))
            fields.append(LoginField(id: "password", kind: .password, name: "password", description: "Your account password"))
        }
        let server = names.count == 1 ? " on \(names[0])" : ""
        return .userInput(instructions: "Log in to IRC\(server).", fields: fields)
    }

    func submit(_ values: [String: String]) async throws -> LoginStep {
        let names = network.config.sortedNames
        let serverName = names.count == 1 ? names[0] : (values["server"] ?? "").lowercased()
        guard let server = network.config.servers[serverName] else {
            throw LoginError(userMessage: "There is no IRC server \"\(serverName)\" here; choose one of: \(names.joined(separator: ", ")).")
        }
        let nick = (values["nick"] ?? "").trimmingCharacters(in: .whitespaces)
        guard !nick.isEmpty, NickRules.sanitize(nick, maxLength: 64) == nick else {
            throw LoginError(userMessage: "\"\(nick)\" is not a valid IRC nick (letters, digits and []\\`_^{|}- only, not starting with a digit or '-').")
        }
        var credentials = IRCLoginCredentials(server: serverName, nick: nick)
        if usesSASL {
            credentials.saslAccount = values["account"]
            credentials.saslPassword = values["password"]
        }
        let settings = IRCNetwork.settings(for: credentials, on: server)
        try await Self.tryConnecting(settings)
        return .complete(LoginResult(loginID: IRCIdentifiers.login(server: serverName, owner: owner.rawValue),
                                     remoteName: "\(nick) on \(server.displayName ?? serverName)",
                                     metadata: credentials.metadata))
    }

    /// Connects once and disconnects: succeeds when the server registered us.
    static func tryConnecting(_ settings: IRCConnectionSettings) async throws {
        let outcome = OneShot<Result<Void, LoginError>>()
        let client = IRCClient(settings: settings, logger: Logger(label: "pontoon.irc.login")) { event in
            switch event {
            case .ready: outcome.fulfill(.success(()))
            case .failed(let reason): outcome.fulfill(.failure(LoginError(userMessage: "The IRC server refused the login: \(reason)")))
            case .disconnected(let reason, _):
                outcome.fulfill(.failure(LoginError(userMessage: "Could not connect to \(settings.host):\(settings.port): \(reason)")))
            case .line, .channelsChanged: break
            }
        }
        await client.start()
        let result = await outcome.value(timeout: .seconds(30))
        await client.stop(quitMessage: "Login checked")
        switch result {
        case .success?: return
        case .failure(let error)?: throw error
        case nil: throw LoginError(userMessage: "The IRC server \(settings.host) did not finish registering us within 30 seconds.")
        }
    }
}
