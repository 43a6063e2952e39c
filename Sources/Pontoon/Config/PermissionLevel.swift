/// What a Matrix user may do with the bridge, from least to most; set in `bridge.permissions`.
public enum PermissionLevel: String, Codable, Sendable, CaseIterable, Comparable {
    /// Ignored by the bridge.
    case block
    /// May talk in portals that have a relay; can't log in.
    case relay
    /// May log in with their own remote account.
    case user
    /// May manage the bridge: plumb rooms, set relays, run admin commands.
    case admin

    public static func < (lhs: PermissionLevel, rhs: PermissionLevel) -> Bool {
        lhs.rank < rhs.rank
    }

    private var rank: Int {
        switch self {
        case .block: 0
        case .relay: 1
        case .user: 2
        case .admin: 3
        }
    }

    static let choices: [(name: String, value: PermissionLevel)] = allCases.map { ($0.rawValue, $0) }
}
