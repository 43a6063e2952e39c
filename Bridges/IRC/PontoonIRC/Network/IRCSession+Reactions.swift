import Pontoon

/// Reactions as IRCv3 client tags: a TAGMSG with `+draft/react=<emoji>` replying (`+draft/reply`)
/// to the message's `msgid`. Servers without message tags can't carry them; the user is told.
extension IRCSession: ReactingSession {
    func react(to target: RemoteMessageID, in portal: PortalKey, emoji: String, as sender: OutgoingSender) async throws -> String? {
        try await sendReactionTag("+draft/react", emoji: emoji, to: target, in: portal)
        return nil
    }

    func removeReaction(_ emojiID: String, from target: RemoteMessageID, in portal: PortalKey, as sender: OutgoingSender) async throws {
        try await sendReactionTag("+draft/unreact", emoji: emojiID, to: target, in: portal)
    }

    private func sendReactionTag(_ tag: String, emoji: String, to message: RemoteMessageID, in portal: PortalKey) async throws {
        let destination = try target(of: portal)
        guard await client.capabilities.contains("message-tags"), !SyntheticMessageID.isSynthetic(message.rawValue) else {
            throw RemoteSendError("this IRC server can't show reactions")
        }
        try await transient {
            try await self.client.send(.tagmsg(destination, tags: [tag: emoji, "+draft/reply": message.rawValue]))
        }
    }
}
