import Pontoon

/// Deletions as IRCv3 `draft/message-redaction`: `REDACT <target> <msgid>`, where the server has it.
extension IRCSession: RedactingSession {
    func delete(_ target: RemoteMessageID, in portal: PortalKey, as sender: OutgoingSender) async throws {
        let destination = try self.target(of: portal)
        guard await client.capabilities.contains("draft/message-redaction"), !SyntheticMessageID.isSynthetic(target.rawValue) else {
            throw RemoteSendError("this IRC server can't delete messages; it stays there on IRC")
        }
        try await transient {
            try await self.client.send(IRCMessage(command: "REDACT", parameters: [destination, target.rawValue]))
        }
    }
}
