import PontoonMatrix

/// What the commands get from the bridge: the bridge core conforms (tests use a double).
///
/// The command framework needs only login state from it, to refuse `requiresLogin` commands
/// early; handlers use the rest through ``CommandContext/services``.
public protocol CommandServices: Sendable {
    /// Whether `user` has at least one remote login.
    func isLoggedIn(_ user: UserID) async -> Bool
}
