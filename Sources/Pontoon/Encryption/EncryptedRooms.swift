import PontoonCrypto
import PontoonMatrix

/// What the bridge knows of each room's encryption: whether it is encrypted (and its rotation
/// settings) and who is in it, learned from the transactions' state events and, on a miss, asked
/// of the homeserver once. Members are kept so that sending doesn't cost a `/members` call each time.
actor EncryptedRooms {
    enum State: Sendable, Equatable {
        case unencrypted
        case encrypted(RotationPolicy)
    }

    private var states: [RoomID: State] = [:]
    /// Members that get the room key (joined and invited), for rooms loaded so far.
    private var members: [RoomID: Set<UserID>] = [:]

    /// The cached state of `room`, nil when not known yet.
    func state(of room: RoomID) -> State? { states[room] }

    func setState(_ state: State, of room: RoomID) {
        // Encryption can't be turned off in a room: a later "unencrypted" answer is a stale read.
        if case .encrypted = states[room], state == .unencrypted { return }
        states[room] = state
    }

    /// The cached members of `room`, nil when not loaded.
    func members(of room: RoomID) -> Set<UserID>? { members[room] }

    func setMembers(_ users: Set<UserID>, of room: RoomID) {
        members[room] = users
    }

    /// Applies a membership change seen in a transaction; only rooms already loaded are kept up
    /// to date (the others load the current list when they are first needed).
    func membershipChanged(_ user: UserID, in room: RoomID, to membership: Membership) {
        guard members[room] != nil else { return }
        switch membership {
        case .join, .invite: members[room]?.insert(user)
        default: members[room]?.remove(user)
        }
    }

    /// Whether the room is known to be encrypted.
    func isEncrypted(_ room: RoomID) -> Bool {
        if case .encrypted = states[room] { return true }
        return false
    }
}
