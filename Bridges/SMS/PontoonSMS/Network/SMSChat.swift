import Pontoon

/// The chats of one login: a conversation with one number (its chat ID is the number's remote
/// ID), or a group text to several (`group:` and their IDs, sorted, comma-separated).
enum SMSChat: Hashable, Sendable {
    case direct(SMSAddress)
    case group([PhoneNumber])

    static let groupPrefix = "group:"

    init?(_ chatID: RemoteChatID) {
        let raw = chatID.rawValue
        if raw.hasPrefix(Self.groupPrefix) {
            let members = raw.dropFirst(Self.groupPrefix.count).split(separator: ",").map(String.init)
            let numbers = members.compactMap { SMSAddress(remoteID: $0) }.compactMap { address -> PhoneNumber? in
                if case .number(let number) = address { return number } else { return nil }
            }
            guard numbers.count >= 2, numbers.count == members.count else { return nil }
            self = .group(numbers)
        } else {
            guard let address = SMSAddress(remoteID: raw) else { return nil }
            self = .direct(address)
        }
    }

    /// A group of `numbers` (sorted and without repeats), or the DM when only one is left.
    static func of(_ numbers: [PhoneNumber]) -> SMSChat {
        let unique = Array(Set(numbers)).sorted { $0.digits < $1.digits }
        return unique.count == 1 ? .direct(.number(unique[0])) : .group(unique)
    }

    var chatID: RemoteChatID {
        switch self {
        case .direct(let address): RemoteChatID(address.remoteID)
        case .group(let numbers): RemoteChatID(Self.groupPrefix + numbers.map { SMSAddress.number($0).remoteID }.joined(separator: ","))
        }
    }

    /// The remote users in the chat.
    var members: [RemoteUserID] {
        switch self {
        case .direct(let address): [RemoteUserID(address.remoteID)]
        case .group(let numbers): numbers.map { RemoteUserID(SMSAddress.number($0).remoteID) }
        }
    }
}
