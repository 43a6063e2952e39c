import Pontoon
import PontoonMatrix

/// What a login stores (``LoginResult/metadata``): the server, the wanted nick, SASL credentials:
/// an account and password (PLAIN), or a client certificate (EXTERNAL, after `certfp`).
struct IRCLoginCredentials: Sendable, Hashable {
    var server: String
    var nick: String
    var saslAccount: String?
    var saslPassword: String?
    var clientCertificate: IRCClientCertificate?
    /// The channels the puppet is in, joined again after a restart.
    var channels: [IRCWantedChannel] = []
    /// More than any server lets one connection join; a longer list in the metadata is cut.
    static let maxChannels = 500

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
        channels = (metadata["channels"]?.arrayValue ?? []).prefix(Self.maxChannels).compactMap { entry in
            guard let name = entry["name"]?.stringValue, !name.isEmpty, name.utf8.count <= 200,
                  !name.contains(where: { $0 == " " || $0 == "," || $0.asciiValue.map { $0 < 32 } == true }) else { return nil }
            let key = entry["key"]?.stringValue.flatMap { key in
                key.contains(where: { $0 == " " || $0.asciiValue.map { $0 < 32 } == true }) ? nil : key
            }
            return IRCWantedChannel(name: name, key: key)
        }
        if let certificate = metadata["client_certificate"]?.stringValue, let key = metadata["client_key"]?.stringValue {
            do {
                clientCertificate = try IRCClientCertificate(certificatePEM: certificate, privateKeyPEM: key)
            } catch {
                throw LoginError(userMessage: "The client certificate stored for this IRC login is damaged (\(error)); log in again.")
            }
        }
    }

    /// How the connection authenticates: the certificate wins over a password.
    var authentication: IRCConnectionSettings.Authentication {
        if clientCertificate != nil { return .saslExternal }
        if let saslAccount, let saslPassword { return .saslPlain(account: saslAccount, password: saslPassword) }
        return .none
    }

    var metadata: JSONValue {
        var object: [String: JSONValue] = ["server": .string(server), "nick": .string(nick)]
        if let saslAccount { object["sasl_account"] = .string(saslAccount) }
        if let saslPassword { object["sasl_password"] = .string(saslPassword) }
        if !channels.isEmpty {
            object["channels"] = .array(channels.map { channel in
                var entry: [String: JSONValue] = ["name": .string(channel.name)]
                if let key = channel.key { entry["key"] = .string(key) }
                return .object(entry)
            })
        }
        if let clientCertificate {
            object["client_certificate"] = .string(clientCertificate.certificatePEM)
            object["client_key"] = .string(clientCertificate.privateKeyPEM)
        }
        return .object(object)
    }
}
