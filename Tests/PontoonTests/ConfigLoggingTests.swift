import Logging
@testable import Pontoon
import Testing

@Suite("Logging levels per component")
struct ConfigLoggingTests {
    let logging = BridgeConfig.Logging(level: .warning, components: [
        "appservice": .debug, "matrix": .trace, "matrix.client.media": .error, "hummingbird": .critical,
    ])

    @Test func componentEntryWinsOverTheGlobalLevel() {
        #expect(LoggingSetup.level(forLabel: "pontoon.appservice", in: logging) == .debug)
    }

    @Test func subcomponentsInheritTheirParentsLevel() {
        #expect(LoggingSetup.level(forLabel: "pontoon.matrix.client", in: logging) == .trace)
        #expect(LoggingSetup.level(forLabel: "pontoon.matrix.client.media", in: logging) == .error)
    }

    @Test func otherLibrariesAreLookedUpByTheirWholeLabel() {
        #expect(LoggingSetup.level(forLabel: "hummingbird", in: logging) == .critical)
    }

    @Test func unlistedComponentsUseTheGlobalLevel() {
        #expect(LoggingSetup.level(forLabel: "pontoon.storage", in: logging) == .warning)
        #expect(LoggingSetup.level(forLabel: "pontoon.appservicex", in: logging) == .warning)
    }

    @Test func pontoonLoggersAreLabelledByComponent() {
        #expect(Logger.pontoon("appservice").label == "pontoon.appservice")
    }
}
