extension BridgeCLI.Launch {
    /// A launch for embedding the runtime without the command line (tests, the demo); no metrics server.
    public init(config: BridgeConfig, configPath: String, registrationPath: String) {
        self.config = config
        self.configPath = configPath
        self.registrationPath = registrationPath
        self.metricsServer = nil
        self.metricsRegistry = nil
    }
}
