import Pontoon

/// Matrix room membership followed on IRC: joining a channel portal's room joins the channel,
/// leaving it parts, and kicking a ghost kicks that nick (the server decides whether you may).
extension IRCSession: MembershipSession {
    func userJoined(_ portal: PortalKey) async throws {
        let channel = try target(of: portal)
        guard await client.isupport.isChannel(channel), await client.channel(channel) == nil else { return }
        try await transient { try await self.client.join(channel) }
    }

    func userLeft(_ portal: PortalKey, reason: String?) async throws {
        let channel = try target(of: portal)
        guard await client.isupport.isChannel(channel) else { return }
        guard await client.isConnected else { return await client.forgetChannel(channel) }
        try await transient { try await self.client.part(channel, reason: reason ?? "left the Matrix room") }
    }

    func kick(_ user: RemoteUserID, from portal: PortalKey, reason: String?) async throws {
        let channel = try target(of: portal)
        guard await client.isupport.isChannel(channel), let (_, nick) = IRCIdentifiers.split(user.rawValue) else { return }
        try await transient {
            try await self.client.send(IRCMessage(command: "KICK", parameters: [channel, nick, reason ?? "removed on Matrix"]))
        }
    }

    /// Client errors as the core's send errors: "not connected" is worth retrying.
    func transient(_ call: @Sendable () async throws -> Void) async throws {
        do {
            try await call()
        } catch let error as IRCClientError {
            throw RemoteSendError("IRC: \(error)", isTransient: error == .notConnected)
        }
    }
}
