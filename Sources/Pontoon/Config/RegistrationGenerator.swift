import Foundation
import PontoonMatrix

/// `-g`: makes sure the config has tokens (generating and writing them into the config file if
/// not), then writes the registration the homeserver admin installs.
public struct RegistrationGenerator: Sendable {
    public let network: any RemoteNetwork

    public init(network: any RemoteNetwork) {
        self.network = network
    }

    /// What `-g` did.
    public struct Outcome: Sendable {
        public var registration: AppserviceRegistration
        /// Whether new tokens were generated and written into the config file.
        public var generatedTokens: Bool
        /// Notes for the admin (unknown keys, a config readable by others).
        public var warnings: [String]
    }

    /// Why `-g` failed.
    public enum Failure: Error, Sendable, CustomStringConvertible {
        case config(ConfigError)
        case write(PrivateFile.WriteError)
        /// The config's layout kept the tokens from being written into it.
        case tokensNotWritable(path: String)

        public var description: String {
            switch self {
            case .config(let error): return error.description
            case .write(let error): return "can't write \(error.description)"
            case .tokensNotWritable(let path):
                return "\(path): can't write the generated tokens into the config: write the appservice section in block style "
                    + "(one key per line, as -e does) with as_token and hs_token keys (and encryption with pickle_key), then run -g again"
            }
        }
    }

    /// The registration for a config whose tokens are set.
    public func registration(for config: BridgeConfig) -> AppserviceRegistration {
        let domain = config.homeserver.domain
        var namespaces = AppserviceRegistration.Namespaces(users: [
            .init(regex: NamespaceRegex.users(localpartTemplate: config.appservice.usernameTemplate, server: domain), exclusive: true),
        ])
        if let aliasTemplate = network.aliasTemplate {
            namespaces.aliases = [.init(regex: NamespaceRegex.aliases(localpartTemplate: aliasTemplate, server: domain), exclusive: true)]
        }
        return AppserviceRegistration(
            id: config.appservice.id,
            url: config.appservice.address.absoluteString,
            asToken: config.appservice.asToken,
            hsToken: config.appservice.hsToken,
            senderLocalpart: config.appservice.bot.username,
            namespaces: namespaces,
            rateLimited: false,
            protocols: network.thirdPartyProtocols,
            receiveEphemeral: true,
            pushEphemeral: true,
            msc3202: true,
            msc4190: true
        )
    }

    /// Runs `-g`: reuses the config's tokens when it has them (new ones would break the installed
    /// registration), otherwise generates both and writes them into the config file.
    public func generate(configPath: String, registrationPath: String) throws(Failure) -> Outcome {
        var loaded: LoadedConfig
        do {
            loaded = try ConfigLoader.load(path: configPath, network: network, purpose: .generateRegistration)
        } catch {
            throw .config(error)
        }
        var warnings = loaded.warnings
        var generated = false
        if !loaded.config.appservice.hasTokens {
            loaded = try writeTokens(into: configPath, keeping: loaded.config.appservice)
            generated = true
        } else if let mode = PrivateFile.permissions(of: configPath), mode & 0o077 != 0 {
            warnings.append("\(configPath): readable by other users but holds tokens; chmod 600 it")
        }

        if loaded.config.encryption.pickleKey.isEmpty, let withKey = try writePickleKey(into: configPath) {
            loaded = withKey
        }

        let registration = registration(for: loaded.config)
        do {
            let yaml = try RegistrationYAML.encode(registration, generatedBy: "\(network.displayName) bridge (\(network.id))")
            try PrivateFile.write(yaml, to: registrationPath, overwrite: true)
        } catch let error as PrivateFile.WriteError {
            throw .write(error)
        } catch {
            throw .write(.init(path: registrationPath, reason: "can't encode the registration", alreadyExists: false))
        }
        return Outcome(registration: registration, generatedTokens: generated, warnings: warnings)
    }

    /// Fills in whichever token is missing, writes the config back, and re-reads it to prove the
    /// edit took: the config must now load for running, with exactly these tokens.
    private func writeTokens(into configPath: String, keeping appservice: BridgeConfig.Appservice) throws(Failure) -> LoadedConfig {
        let asToken = ExampleConfig.isTokenPlaceholder(appservice.asToken) ? SecureToken.generate() : appservice.asToken
        let hsToken = ExampleConfig.isTokenPlaceholder(appservice.hsToken) ? SecureToken.generate() : appservice.hsToken
        let text = try configText(at: configPath)
        guard let updated = try? ConfigTokenWriter.settingTokens(in: text, asToken: asToken, hsToken: hsToken) else {
            throw .tokensNotWritable(path: configPath)
        }
        return try writeBack(updated, to: configPath) { $0.appservice.asToken == asToken && $0.appservice.hsToken == hsToken }
    }

    /// Writes a generated `encryption.pickle_key` into the config's `encryption:` section (the
    /// encryption state can't be stored without one), checked the same way. A config without
    /// that section is left alone: it doesn't use encryption.
    private func writePickleKey(into configPath: String) throws(Failure) -> LoadedConfig? {
        let key = SecureToken.generate()
        let text = try configText(at: configPath)
        guard let updated = try? ConfigTokenWriter.settingValues([("pickle_key", key)], inSection: "encryption", of: text) else {
            return nil
        }
        return try writeBack(updated, to: configPath) { $0.encryption.pickleKey == key }
    }

    private func configText(at configPath: String) throws(Failure) -> String {
        guard let data = FileManager.default.contents(atPath: configPath), let text = String(data: data, encoding: .utf8) else {
            throw .tokensNotWritable(path: configPath)
        }
        return text
    }

    /// Parses `updated` for running, checks it holds what was written, and only then replaces the file.
    private func writeBack(_ updated: String, to configPath: String, holds: (BridgeConfig) -> Bool) throws(Failure) -> LoadedConfig {
        guard let reloaded = try? ConfigLoader.parse(text: updated, path: configPath, network: network, purpose: .run),
              holds(reloaded.config)
        else { throw .tokensNotWritable(path: configPath) }
        do {
            try PrivateFile.write(updated, to: configPath, overwrite: true)
        } catch {
            throw .write(error)
        }
        return reloaded
    }
}
