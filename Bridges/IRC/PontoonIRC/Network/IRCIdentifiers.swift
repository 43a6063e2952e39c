import Pontoon

/// How IRC names become the core's identifiers. Every ID starts with the server's short name, so
/// one bridge can serve several IRC networks, and names are folded with the server's casemapping
/// so `#Chan` and `#chan` are one portal and `Bob` and `bob` one ghost.
///
/// - Users: `<server>.<folded nick>` (ghost `@irc_<server>.<nick>`: `.` is kept as-is in
///   localparts and never appears in a server name or a nick).
/// - Channels: `<server>.<folded channel>`; private chats: `<server>.<folded nick>` with the login as receiver.
enum IRCIdentifiers {
    static func user(server: String, foldedNick: String) -> RemoteUserID {
        RemoteUserID("\(server).\(foldedNick)")
    }

    static func chat(server: String, foldedName: String) -> RemoteChatID {
        RemoteChatID("\(server).\(foldedName)")
    }

    /// The server and the (folded) name inside an ID made here.
    static func split(_ raw: String) -> (server: String, name: String)? {
        guard let separator = raw.firstIndex(of: ".") else { return nil }
        let server = String(raw[..<separator])
        let name = String(raw[raw.index(after: separator)...])
        guard isValidServerName(server), !name.isEmpty else { return nil }
        return (server, name)
    }

    static func isValidServerName(_ name: String) -> Bool {
        !name.isEmpty && name.count <= 32 && name.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" }
    }

    /// The login ID of `owner`'s login on `server`: one login per user and server.
    static func login(server: String, owner: String) -> LoginID {
        LoginID("\(server)/\(owner)")
    }
}
