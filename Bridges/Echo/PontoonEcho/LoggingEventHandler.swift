import Logging
import Pontoon
import PontoonMatrix

/// Until the bridge core lands, the echo bridge logs what the homeserver pushes (ids only, no bodies).
public struct LoggingEventHandler: MatrixEventHandler {
    let logger: Logger

    public init(logger: Logger) { self.logger = logger }

    public func handle(_ delivery: InboxDelivery) async {
        defer { delivery.complete() }
        switch delivery.item {
        case .event(let event):
            logger.info("Event", metadata: ["type": "\(event.type)", "room": "\(event.roomID?.rawValue ?? "-")", "event": "\(event.eventID?.rawValue ?? "-")"])
        case .ephemeral(let event):
            logger.debug("Ephemeral", metadata: ["type": "\(event.type)"])
        case .toDevice(let event):
            logger.debug("To-device", metadata: ["type": "\(event.type)"])
        case .deviceState:
            logger.debug("Device state")
        }
    }
}
