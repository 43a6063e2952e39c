/// Identity, registration and profile.
extension Intent {
    /// Who the homeserver takes this intent for (`GET /account/whoami`).
    public func whoami() async throws -> WhoAmI {
        try await sendJSON(.GET, MatrixPath.client("v3", "account", "whoami"), endpoint: "whoami",
            retry: .idempotent, json: noBody, as: WhoAmI.self)
    }

    /// Registers this ghost if it doesn't exist yet; `M_USER_IN_USE` counts as success.
    ///
    /// Sends `inhibit_login: true`: with MSC4190 on, Synapse refuses the call without it but
    /// creates the user anyway. The bot itself is never registered (it exists with the registration).
    public func ensureRegistered() async throws {
        guard !isBot else { return }
        let body: JSONValue = [
            "type": "m.login.application_service", "username": .string(userID.localpart), "inhibit_login": true,
        ]
        // The registration request never carries `user_id`: the user doesn't exist yet.
        let request = try HomeserverRequest(.POST, MatrixPath.client("v3", "register"), endpoint: "register",
            retry: .idempotent, json: body)
        do {
            _ = try await client.perform(request)
        } catch let error as MatrixError where error.errcode == "M_USER_IN_USE" {
            return
        }
    }

    /// Sets this user's global display name (Synapse copies it into the member events of joined rooms).
    public func setDisplayName(_ displayName: String) async throws {
        let body: JSONValue = ["displayname": .string(displayName)]
        _ = try await send(.PUT, MatrixPath.client("v3", "profile", userID.rawValue, "displayname"),
            endpoint: "set_profile", retry: .idempotent, body: .json(try MatrixJSON.encode(body)))
    }

    /// Sets or (with `nil`) clears this user's global avatar.
    public func setAvatarURL(_ avatarURL: MXCURI?) async throws {
        let body: JSONValue = ["avatar_url": .string(avatarURL?.rawValue ?? "")]
        _ = try await send(.PUT, MatrixPath.client("v3", "profile", userID.rawValue, "avatar_url"),
            endpoint: "set_profile", retry: .idempotent, body: .json(try MatrixJSON.encode(body)))
    }

    /// Another user's (or this user's) global profile.
    public func getProfile(of user: UserID) async throws -> Profile {
        try await sendJSON(.GET, MatrixPath.client("v3", "profile", user.rawValue), endpoint: "get_profile",
            retry: .idempotent, json: noBody, as: Profile.self)
    }
}
