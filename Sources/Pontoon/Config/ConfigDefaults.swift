/// The values a key takes when the file leaves it out; several come from the network.
struct ConfigDefaults: Sendable {
    var networkID: String
    var networkName: String
    var usernameTemplate: String

    init(network: any RemoteNetwork) {
        networkID = network.id
        networkName = network.displayName
        usernameTemplate = network.defaultUsernameTemplate
    }

    /// Used when a `BridgeConfig` is decoded without a network (from JSON, in tests).
    static let generic = ConfigDefaults(networkID: "bridge", networkName: "Bridge", usernameTemplate: "bridge_{{.}}")

    init(networkID: String, networkName: String, usernameTemplate: String) {
        self.networkID = networkID
        self.networkName = networkName
        self.usernameTemplate = usernameTemplate
    }

    var appserviceID: String { networkID }
    var botUsername: String { "\(networkID)bot" }
    var botDisplayname: String { "\(networkName) bridge bot" }
    var commandPrefix: String { "!\(networkID)" }
    var databaseURI: String { "pontoon-\(networkID).db" }
    static let hostname = "127.0.0.1"
    static let port = 29333
    static let metricsListen = "127.0.0.1:8001"
}
