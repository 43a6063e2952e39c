import PontoonMatrix

/// Matrix typing and read receipts → network, for sessions that have them.
extension Portal {
    func handleEphemeral(_ event: EphemeralEvent) async {
        do {
            switch event.typedContent {
            case .typing(let typing):
                try await bridgeTyping(Set(typing.userIDs.filter { !context.isBridgeUser($0) }))
            case .receipt(let receipts):
                for entry in receipts.entries where entry.receiptType == ReceiptContent.read && !context.isBridgeUser(entry.userID) {
                    try await bridgeReceipt(entry.eventID, from: entry.userID)
                }
            default:
                return
            }
        } catch {
            logger.debug("Ephemeral event not bridged", metadata: ["type": "\(event.type)", "error": "\(error)"])
        }
    }

    private func bridgeTyping(_ typingNow: Set<UserID>) async throws {
        let changed = typingNow.symmetricDifference(typingUsers)
        typingUsers = typingNow
        for user in changed {
            guard let route = try await route(for: user), case .loggedIn = route.sender,
                  let session = route.session as? any TypingSession else { continue }
            try await session.setTyping(typingNow.contains(user), in: key)
        }
    }

    private func bridgeReceipt(_ eventID: EventID, from user: UserID) async throws {
        guard let room = roomID, let part = try await context.messages.byEventID(eventID.rawValue, in: room.rawValue),
              let route = try await route(for: user), case .loggedIn = route.sender,
              let session = route.session as? any ReadReceiptSession else { return }
        try await session.markRead(upTo: RemoteMessageID(part.remoteID), in: key)
    }
}
