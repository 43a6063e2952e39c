import Pontoon

/// A topic set on Matrix becomes the channel's `TOPIC`: one line, control bytes neutralised, cut
/// to the server's `TOPICLEN`. It waits for the server's answer, so a refusal (`+t` and not an
/// operator: 482) reaches the user and the room keeps the channel's real topic.
extension IRCSession: TopicSettingSession {
    func setTopic(_ topic: String, in portal: PortalKey) async throws {
        let channel = try target(of: portal)
        let support = await client.isupport
        guard support.isChannel(channel) else { throw RemoteSendError("a private chat has no topic on IRC") }
        let line = Self.topicLine(topic, maxBytes: support.topicLength ?? 390)
        let folded = await client.fold(channel)
        let answer = OneShot<String>()
        state.withLock { $0.pendingTopics[folded] = answer }
        try await transient { try await self.client.send(IRCMessage(command: "TOPIC", parameters: [channel, line])) }
        switch await answer.value(timeout: .seconds(20)) {
        case ""?: return
        case let refusal?: throw RemoteSendError("\(serverName) refused the topic of \(channel): \(refusal)")
        case nil:
            state.withLock { _ = $0.pendingTopics.removeValue(forKey: folded) }
            throw RemoteSendError("\(serverName) did not confirm the topic of \(channel) in time", isTransient: false)
        }
    }

    /// Completes a waiting topic change: our own TOPIC came back ("") or the server refused it.
    func resolveTopic(channel folded: String, refusal: String?) -> Bool {
        guard let waiter = state.withLock({ $0.pendingTopics.removeValue(forKey: folded) }) else { return false }
        waiter.fulfill(refusal ?? "")
        return true
    }

    /// The topic as one IRC-safe line of at most `maxBytes` (cut between words where it can be).
    static func topicLine(_ topic: String, maxBytes: Int) -> String {
        let line = IRCTextSafety.lines(topic).joined(separator: " ")
        return IRCMessageSplitter.split(line, maxBytes: max(1, maxBytes)).first ?? ""
    }
}
