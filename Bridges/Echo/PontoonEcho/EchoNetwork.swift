import Pontoon

/// The echo network: an in-process network whose remote users answer what they are told.
///
/// So far it declares who it is (the registration, ghosts `@echo_…`, the example config); its
/// remote users arrive with the bridge-core contract.
public struct EchoNetwork: RemoteNetwork {
    public init() {}

    public var id: String { "echo" }
    public var displayName: String { "Echo" }
    public var version: String { "0.1.0" }
    public var aliasTemplate: String? { "echo_{{.}}" }
    public var exampleConfigSection: String {
        """
          # How long an echo user waits before answering, in milliseconds.
          reply_delay_ms: 0

        """
    }
}
