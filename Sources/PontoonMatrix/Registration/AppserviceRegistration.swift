/// The registration file a homeserver admin installs (`app_service_config_files` in Synapse's
/// `homeserver.yaml`), with exactly the keys Synapse 1.163 reads.
///
/// Encoding it (as YAML) is the job of the module that owns a YAML library; this model stays
/// plain `Codable` so it can also be read back from JSON or YAML in tests and tools.
public struct AppserviceRegistration: Codable, Sendable, Hashable {
    /// Unique appservice ID; Synapse refuses `|` in it.
    public var id: String
    /// Where the homeserver pushes transactions; `nil` is written as `null` (no pushes, no queries).
    public var url: String?
    /// The token the bridge sends to the homeserver.
    public var asToken: String
    /// The token the homeserver sends to the bridge.
    public var hsToken: String
    /// Localpart of the bridge bot; Synapse makes it exclusive and interested automatically.
    public var senderLocalpart: String
    /// The user IDs, aliases and room IDs the appservice claims.
    public var namespaces: Namespaces
    /// Whether masqueraded users go through the homeserver's rate limiters (Synapse's default is true).
    public var rateLimited: Bool
    /// Third-party protocol IDs the bridge answers `/thirdparty` queries for.
    public var protocols: [String]
    /// MSC2409 (stable): ephemeral events and to-device messages in transactions.
    public var receiveEphemeral: Bool
    /// MSC2409 (legacy prefix), still read by Synapse.
    public var pushEphemeral: Bool
    /// MSC3202: OTK counts, fallback key types and device list changes in transactions.
    public var msc3202: Bool
    /// MSC4190: devices created with `PUT /devices`, no `/login` for ghosts.
    public var msc4190: Bool

    public init(
        id: String, url: String?, asToken: String, hsToken: String, senderLocalpart: String,
        namespaces: Namespaces, rateLimited: Bool = false, protocols: [String] = [],
        receiveEphemeral: Bool = true, pushEphemeral: Bool = true, msc3202: Bool = true, msc4190: Bool = true
    ) {
        self.id = id
        self.url = url
        self.asToken = asToken
        self.hsToken = hsToken
        self.senderLocalpart = senderLocalpart
        self.namespaces = namespaces
        self.rateLimited = rateLimited
        self.protocols = protocols
        self.receiveEphemeral = receiveEphemeral
        self.pushEphemeral = pushEphemeral
        self.msc3202 = msc3202
        self.msc4190 = msc4190
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case id, url
        case asToken = "as_token"
        case hsToken = "hs_token"
        case senderLocalpart = "sender_localpart"
        case namespaces
        case rateLimited = "rate_limited"
        case protocols
        case receiveEphemeral = "receive_ephemeral"
        case pushEphemeral = "de.sorunome.msc2409.push_ephemeral"
        case msc3202 = "org.matrix.msc3202"
        case msc4190 = "io.element.msc4190"
    }

    /// The key names written to the file, in order: Synapse's spelling, for tests and docs.
    public static let keys: [String] = CodingKeys.allCases.map(\.rawValue)

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        id = try container.decode(String.self, forKey: .id)
        url = try container.decodeIfPresent(String.self, forKey: .url)
        asToken = try container.decode(String.self, forKey: .asToken)
        hsToken = try container.decode(String.self, forKey: .hsToken)
        senderLocalpart = try container.decode(String.self, forKey: .senderLocalpart)
        namespaces = try container.decode(Namespaces.self, forKey: .namespaces)
        // Synapse treats a missing `rate_limited` as true; the others default to off.
        rateLimited = try container.decodeIfPresent(Bool.self, forKey: .rateLimited) ?? true
        protocols = try container.decodeIfPresent([String].self, forKey: .protocols) ?? []
        receiveEphemeral = try container.decodeIfPresent(Bool.self, forKey: .receiveEphemeral) ?? false
        pushEphemeral = try container.decodeIfPresent(Bool.self, forKey: .pushEphemeral) ?? false
        msc3202 = try container.decodeIfPresent(Bool.self, forKey: .msc3202) ?? false
        msc4190 = try container.decodeIfPresent(Bool.self, forKey: .msc4190) ?? false
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        // Synapse requires the key to be present; an explicit null means "don't push".
        if let url { try container.encode(url, forKey: .url) } else { try container.encodeNil(forKey: .url) }
        try container.encode(asToken, forKey: .asToken)
        try container.encode(hsToken, forKey: .hsToken)
        try container.encode(senderLocalpart, forKey: .senderLocalpart)
        try container.encode(namespaces, forKey: .namespaces)
        try container.encode(rateLimited, forKey: .rateLimited)
        try container.encode(protocols, forKey: .protocols)
        try container.encode(receiveEphemeral, forKey: .receiveEphemeral)
        try container.encode(pushEphemeral, forKey: .pushEphemeral)
        try container.encode(msc3202, forKey: .msc3202)
        try container.encode(msc4190, forKey: .msc4190)
    }
}

extension AppserviceRegistration {
    /// The `namespaces` object: each list is always written, empty when unused.
    public struct Namespaces: Codable, Sendable, Hashable {
        public var users: [Namespace]
        public var aliases: [Namespace]
        public var rooms: [Namespace]

        public init(users: [Namespace] = [], aliases: [Namespace] = [], rooms: [Namespace] = []) {
            self.users = users
            self.aliases = aliases
            self.rooms = rooms
        }

        enum CodingKeys: String, CodingKey { case users, aliases, rooms }

        public init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            users = try container.decodeIfPresent([Namespace].self, forKey: .users) ?? []
            aliases = try container.decodeIfPresent([Namespace].self, forKey: .aliases) ?? []
            rooms = try container.decodeIfPresent([Namespace].self, forKey: .rooms) ?? []
        }
    }

    /// One namespace entry: a Python `re` pattern that Synapse tests with `match` (anchored at the
    /// start only, so patterns end with `$`), and whether other users may not take matching IDs.
    public struct Namespace: Codable, Sendable, Hashable {
        public var regex: String
        public var exclusive: Bool

        public init(regex: String, exclusive: Bool) {
            self.regex = regex
            self.exclusive = exclusive
        }
    }
}
