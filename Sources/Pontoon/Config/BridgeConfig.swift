import Foundation
import PontoonMatrix

/// The bridge's `config.yaml`, with mautrix-style keys, shared by every Pontoon bridge.
///
/// Load it with ``ConfigLoader``, which reports every problem at once with its dotted key.
/// The `network:` section belongs to the bridge: it is kept as a ``JSONValue`` and decoded by
/// the network itself with ``decodeNetworkSection(as:)``.
public struct BridgeConfig: Codable, Sendable, Hashable, CustomStringConvertible {
    public var homeserver: Homeserver
    public var appservice: Appservice
    public var database: Database
    public var bridge: Bridge
    public var doublePuppet: DoublePuppet
    public var encryption: Encryption
    public var logging: Logging
    public var metrics: Metrics
    public var publicMedia: PublicMedia
    /// The network's own section, as written; `{}` when absent.
    public var network: JSONValue

    public init(
        homeserver: Homeserver, appservice: Appservice, database: Database, bridge: Bridge,
        doublePuppet: DoublePuppet = DoublePuppet(), encryption: Encryption = Encryption(),
        logging: Logging = Logging(), metrics: Metrics = Metrics(), publicMedia: PublicMedia = PublicMedia(),
        network: JSONValue = .object([:])
    ) {
        self.homeserver = homeserver
        self.appservice = appservice
        self.database = database
        self.bridge = bridge
        self.doublePuppet = doublePuppet
        self.encryption = encryption
        self.logging = logging
        self.metrics = metrics
        self.publicMedia = publicMedia
        self.network = network
    }

    enum CodingKeys: String, CodingKey, CaseIterable {
        case homeserver, appservice, database, bridge
        case doublePuppet = "double_puppet"
        case encryption, logging, metrics
        case publicMedia = "public_media"
        case network
    }

    public init(from decoder: any Decoder) throws {
        let file = try ConfigSectionReader(decoder, keys: CodingKeys.self)
        let defaults = file.defaults
        let placeholderHomeserver = Homeserver(address: Self.placeholderURL, domain: "")
        homeserver = try file.requiredSection(.homeserver, placeholder: placeholderHomeserver)
        appservice = try file.requiredSection(.appservice, placeholder: Appservice(
            address: Self.placeholderURL, id: defaults.appserviceID, bot: .init(defaults: defaults),
            usernameTemplate: defaults.usernameTemplate))
        database = try file.value(.database, default: Database(type: .sqlite, uri: defaults.databaseURI))
        bridge = try file.value(.bridge, default: Bridge(commandPrefix: defaults.commandPrefix))
        doublePuppet = try file.value(.doublePuppet, default: DoublePuppet())
        encryption = try file.value(.encryption, default: Encryption())
        logging = try file.value(.logging, default: Logging())
        metrics = try file.value(.metrics, default: Metrics())
        publicMedia = try file.value(.publicMedia, default: PublicMedia())
        // The loader converts `network:` straight from the YAML tree, keeping each scalar's YAML
        // type; decoding it here is only for other decoders (a BridgeConfig read back from JSON).
        network = file.context == nil ? try file.value(.network, default: .object([:])) : .object([:])
    }

    /// Decodes the `network:` section as the bridge's own type; errors name `network.<key>`.
    public func decodeNetworkSection<T: Decodable>(as type: T.Type = T.self) throws(ConfigError) -> T {
        do {
            return try network.decode(as: T.self)
        } catch let error as DecodingError {
            let (codingPath, message) = ConfigDecodingContext.explain(error)
            let key = ConfigKeyPath.render([ConfigCodingKey("network")] + codingPath)
            throw .invalid(path: "config", problems: [ConfigProblem(key: key, message: message)])
        } catch {
            throw .invalid(path: "config", problems: [ConfigProblem(key: "network", message: "can't be read")])
        }
    }

    /// The IDs and addresses, without any token or secret.
    public var description: String {
        "BridgeConfig(homeserver: \(homeserver.address.absoluteString) [\(homeserver.domain)], \(appservice), \(database))"
    }

    /// Stands in for a URL that is missing or invalid while the problems are being collected.
    static let placeholderURL: URL = {
        guard let url = URL(string: "http://invalid.invalid") else { preconditionFailure("a constant, valid URL") }
        return url
    }()
}
