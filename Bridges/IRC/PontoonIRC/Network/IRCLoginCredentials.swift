import Pontoon
import PontoonMatrix

/// What a login stores (``LoginResult/metadata``): the server, the wanted nick, SASL credentials.
struct IRCLoginCredentials: Sendable, Hashable {
    var server: String
    var nick: String
    var saslAccount: String?
    var saslPassword: String?

    init(server: String, nick: String, saslAccount: String? = nil, saslPassword: String? = nil) {
        self.server = server
        self.nick = nick
        self.saslAccount = saslAccount
        self.saslPassword = saslPassword
    }

    init(metadata: JSONValue) throws {
        guard let server = metadata["server"]?.stringValue, let nick = metadata["nick"]?.stringValue else {
            throw LoginError(userMessage: "This IRC login is incomplete; log in again.")
        }
        self.init(server: server, nick: nick, saslAccount: metadata["sasl_account"]?.stringValue,
                  saslPassword: metadata["sasl_password"]?.stringValue)
    }

    var metadata: JSONValue {
        var object: [String: JSONValue] = ["server": .string(server), "nick": .string(nick)]
        if let saslAccount { object["sasl_account"] = .string(saslAccount) }
        if let saslPassword { object["sasl_password"] = .string(saslPassword) }
        return .object(object)
    }
}
