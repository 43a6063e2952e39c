import Foundation
import Logging
import PontoonMatrix

/// Checks at start that to-device messages reach the bridge: without them no room key ever
/// arrives and every encrypted message stays unreadable. The bot's device sends itself a message;
/// if it doesn't come back in a transaction, the log names the settings that are missing.
actor ToDeviceProbe {
    /// The probe's event type (namespaced: clients ignore it).
    static let eventType = "org.pontoon.encryption_probe"

    private var nonce: String?
    private let arrivals = ArrivalSignals(memory: 1)

    /// Sends the probe and waits up to `timeout` for it.
    func run(via device: Intent, timeout: Duration = .seconds(20), logger: Logger) async {
        let nonce = UUID().uuidString
        self.nonce = nonce
        guard let deviceID = device.deviceID else { return }
        do {
            try await device.sendToDevice(type: Self.eventType, messages: [device.userID: [deviceID: ["nonce": .string(nonce)]]])
        } catch {
            logger.error("Encryption probe not sent", metadata: ["error": "\(error)"])
            return
        }
        if await arrivals.wait(for: nonce, timeout: timeout) {
            logger.info("To-device messages reach the bridge: encryption works")
        } else {
            logger.error("""
                To-device messages don't reach the bridge, so encrypted messages can't be read. The homeserver \
                needs experimental_features: {msc2409_to_device_messages_enabled: true, msc3202_transaction_extensions: true}, \
                and the registration needs receive_ephemeral: true, org.matrix.msc3202: true and io.element.msc4190: true \
                (regenerate it with -g).
                """)
        }
    }

    /// Takes a probe that came back in a transaction.
    func arrived(_ event: ToDeviceEvent) async {
        if let nonce, event.content["nonce"]?.stringValue == nonce { await arrivals.signal(nonce) }
    }
}
