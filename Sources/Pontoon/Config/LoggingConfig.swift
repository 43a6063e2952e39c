import Logging

extension BridgeConfig {
    /// `logging:` — how much the bridge says on stderr.
    public struct Logging: Codable, Sendable, Hashable {
        /// The level of every logger without its own entry in `components`.
        public var level: Logger.Level
        /// Component (`appservice`, `matrix.client`, …) → level, for the `pontoon.<component>` loggers.
        public var components: [String: Logger.Level]

        public init(level: Logger.Level = .info, components: [String: Logger.Level] = [:]) {
            self.level = level
            self.components = components
        }

        enum CodingKeys: String, CodingKey, CaseIterable { case level, components }

        static let levelChoices: [(name: String, value: Logger.Level)] = Logger.Level.allCases.map { ($0.rawValue, $0) }

        public init(from decoder: any Decoder) throws {
            let section = try ConfigSectionReader(decoder, keys: CodingKeys.self)
            level = try section.choice(.level, Self.levelChoices, default: .info)
            components = try section.choiceMap(.components, Self.levelChoices, default: [:])
        }
    }
}
