import ArgumentParser

/// The command line every Pontoon bridge accepts, in the mautrix convention.
public struct BridgeOptions: ParsableArguments, Sendable {
    @Option(name: [.customShort("c"), .customLong("config")], help: "Path of the bridge config.")
    public var config: String = "config.yaml"

    @Option(name: [.customShort("r"), .customLong("registration")], help: "Path of the appservice registration to write with -g.")
    public var registration: String = "registration.yaml"

    @Flag(name: [.customShort("g"), .customLong("generate-registration")],
          help: "Generate the tokens (into the config, if missing) and write the registration, then exit.")
    public var generateRegistration = false

    @Flag(name: [.customShort("e"), .customLong("generate-example-config")],
          help: "Write a commented example config to the config path, then exit. Never overwrites.")
    public var generateExampleConfig = false

    @Flag(name: .customLong("version"), help: "Print the bridge's version and exit.")
    public var version = false

    public init() {}

    public mutating func validate() throws {
        if generateRegistration && generateExampleConfig {
            throw ValidationError("-e and -g can't be combined: write the example (-e), edit it, then generate the registration (-g)")
        }
    }
}
