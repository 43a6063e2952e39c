import Pontoon

/// `certfp`: the login moves from a stored password to a client certificate. The bridge makes a
/// key and certificate, asks the services bot to trust its fingerprint (`CERT ADD`, the same on
/// Atheme and Anope), and proves it with a second connection logging in by SASL EXTERNAL before
/// anything changes: a login is never left with a certificate the services don't know.
extension IRCSession {
    /// The services bot that keeps fingerprints.
    static let nickServ = "NickServ"

    /// Returns the new credentials (the certificate, no password) once a test connection logged
    /// in with them; the caller stores them with the login.
    func moveToCertificate() async throws -> IRCLoginCredentials {
        guard server.tls else {
            throw CommandError("\(serverName) is configured without TLS, and a client certificate only works over TLS")
        }
        guard await client.waitUntilReady(timeout: .seconds(30)) else {
            throw CommandError("you are not connected to \(serverName) right now (reconnecting); try again shortly")
        }
        let certificate = try IRCClientCertificate.generate(commonName: credentials.nick)
        let answer = OneShot<String>()
        let service = Self.nickServ
        let foldedService = await client.fold(service)
        state.withLock { $0.pendingServiceAnswer = (foldedService, answer) }
        try await client.send(IRCMessage(command: "PRIVMSG", parameters: [service, "CERT ADD \(certificate.fingerprint)"]))
        let said = await answer.value(timeout: .seconds(15))
        state.withLock { state in
            if state.pendingServiceAnswer?.answer === answer { state.pendingServiceAnswer = nil }
        }

        var candidate = credentials
        candidate.clientCertificate = certificate
        candidate.saslPassword = nil
        do {
            try await IRCLoginProcess.tryConnecting(IRCNetwork.settings(for: candidate, on: server))
        } catch let error as LoginError {
            let services = said.map { "\(service) said: \"\(IRCToMatrix.convert($0).body)\"" } ?? "\(service) did not answer"
            throw CommandError("the certificate did not log in (\(error.userMessage)); \(services). "
                + "Log in to your account first (`login` with its password, or identify to \(service)), then try again. "
                + "Your login is unchanged.")
        }
        // Only the credentials change: channels joined meanwhile stay.
        let stored = updateCredentials { credentials in
            credentials.clientCertificate = certificate
            credentials.saslPassword = nil
        }
        await client.use(authentication: stored.authentication, clientCertificate: certificate)
        return stored
    }
}
