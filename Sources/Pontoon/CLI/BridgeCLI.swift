import Foundation
import Logging
import Metrics
import Prometheus

/// The `main` of every bridge executable: options, `-e`, `-g`, config loading, logging and
/// metrics, then the bridge runtime given as `run`.
///
/// ```swift
/// await BridgeCLI.main(network: EchoNetwork()) { launch in
///     try await Bridge(launch: launch).run()
/// }
/// ```
public enum BridgeCLI {
    /// What the bridge runtime gets once the config has loaded and logging is set up.
    public struct Launch: Sendable {
        public var config: BridgeConfig
        public var configPath: String
        public var registrationPath: String
        /// Serves `/metrics`; `nil` when `metrics.enabled` is false. Run it in the bridge's `ServiceGroup`.
        public var metricsServer: MetricsServer?
        /// The Prometheus registry behind swift-metrics; `nil` when metrics are disabled.
        public var metricsRegistry: PrometheusCollectorRegistry?
    }

    /// Where messages for the admin go: stdout for results, stderr for problems.
    public struct Output: Sendable {
        public var standard: @Sendable (String) -> Void
        public var error: @Sendable (String) -> Void

        public init(standard: @escaping @Sendable (String) -> Void, error: @escaping @Sendable (String) -> Void) {
            self.standard = standard
            self.error = error
        }

        public static let console = Output(
            standard: { print($0) },
            error: { line in FileHandle.standardError.write(Data((line + "\n").utf8)) }
        )
    }

    /// Parses the process's arguments (help and usage errors are the argument parser's), does
    /// what they ask, and exits with a ``BridgeExitCode``.
    public static func main(
        network: any RemoteNetwork, arguments: [String]? = nil,
        run: @escaping @Sendable (Launch) async throws -> Void
    ) async -> Never {
        let options = BridgeOptions.parseOrExit(arguments)
        let code = await execute(options, network: network, output: .console, bootstrap: true, run: run)
        exit(code.rawValue)
    }

    /// Everything `main` does after parsing, returning the exit code instead of exiting.
    /// With `bootstrap` false, the process-wide logging and metrics systems are left alone (tests).
    public static func execute(
        _ options: BridgeOptions, network: any RemoteNetwork, output: Output = .console, bootstrap: Bool = true,
        run: @Sendable (Launch) async throws -> Void
    ) async -> BridgeExitCode {
        if options.version {
            output.standard("\(network.displayName) bridge \(network.version) (Pontoon)")
            return .success
        }
        if options.generateExampleConfig {
            return writeExampleConfig(to: options.config, network: network, output: output)
        }
        if options.generateRegistration {
            return generateRegistration(options, network: network, output: output)
        }

        let loaded: LoadedConfig
        do {
            loaded = try ConfigLoader.load(path: options.config, network: network, purpose: .run)
        } catch {
            error.lines.forEach(output.error)
            return .config
        }
        var launch = Launch(config: loaded.config, configPath: options.config, registrationPath: options.registration)
        if bootstrap {
            LoggingSetup.bootstrap(loaded.config.logging)
            launch.metricsRegistry = MetricsSetup.bootstrap(loaded.config.metrics)
        } else if loaded.config.metrics.enabled {
            launch.metricsRegistry = PrometheusCollectorRegistry()
        }
        if let registry = launch.metricsRegistry {
            launch.metricsServer = MetricsServer(registry: registry, config: loaded.config.metrics)
        }
        let logger = Logger.pontoon("config")
        loaded.warnings.forEach { logger.warning("\($0)") }
        if let mode = PrivateFile.permissions(of: options.config), mode & 0o077 != 0 {
            logger.warning("The config file is readable by other users but holds tokens; chmod 600 it", metadata: ["path": "\(options.config)"])
        }

        do {
            try await run(launch)
            return .success
        } catch {
            output.error("\(network.id) bridge stopped: \(error)")
            return .failure
        }
    }

    static func writeExampleConfig(to path: String, network: any RemoteNetwork, output: Output) -> BridgeExitCode {
        do {
            try PrivateFile.write(ExampleConfig.render(for: network), to: path, overwrite: false)
        } catch where error.alreadyExists {
            output.error("\(path) already exists; not overwriting it. Move it away or pass another path with -c.")
            return .cantCreate
        } catch {
            output.error("can't write the example config: \(error)")
            return .cantCreate
        }
        output.standard("Wrote an example config to \(path).")
        output.standard("Edit its homeserver and appservice sections, then run with -g to generate the registration.")
        return .success
    }

    static func generateRegistration(_ options: BridgeOptions, network: any RemoteNetwork, output: Output) -> BridgeExitCode {
        let outcome: RegistrationGenerator.Outcome
        do {
            outcome = try RegistrationGenerator(network: network).generate(
                configPath: options.config, registrationPath: options.registration)
        } catch {
            switch error {
            case .config(let configError):
                configError.lines.forEach(output.error)
                return .config
            case .tokensNotWritable:
                output.error(error.description)
                return .config
            case .write:
                output.error(error.description)
                return .cantCreate
            }
        }
        outcome.warnings.forEach(output.error)
        let absolute = absolutePath(options.registration)
        let tokens = outcome.generatedTokens ? "new tokens were written into \(options.config)" : "tokens reused from \(options.config)"
        output.standard("Wrote the registration for appservice \"\(outcome.registration.id)\" to \(options.registration) (\(tokens)).")
        output.standard("Add it to homeserver.yaml, then restart the homeserver:")
        output.standard("")
        output.standard("app_service_config_files:")
        output.standard("  - \(absolute)")
        return .success
    }

    static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        let url = URL(fileURLWithPath: path, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath, isDirectory: true))
        return url.standardizedFileURL.path
    }
}
