import PontoonMatrix
import PontoonStorage
import Synchronization

/// The portals in memory, by key and by room. Lookups by key never wait (remote events are pushed
/// from network callbacks); a room not seen yet is looked up in the database.
final class PortalRegistry: Sendable {
    private let state = Mutex<(byKey: [PortalKey: Portal], byRoom: [RoomID: PortalKey])>(([:], [:]))
    /// The portal of `key`, made with `make` on first use (its room is created only when needed).
    func portal(for key: PortalKey, make: () -> Portal) -> Portal {
        state.withLock { state in
            if let portal = state.byKey[key] { return portal }
            let portal = make()
            state.byKey[key] = portal
            return portal
        }
    }

    /// The key of the portal bridged to `room`, if any.
    func key(forRoom room: RoomID, store: CorePortalStore) async throws -> PortalKey? {
        if let key = state.withLock({ $0.byRoom[room] }) { return key }
        guard let row = try await store.get(byRoom: room.rawValue) else { return nil }
        let key = PortalKey(row.key)
        register(room, for: key)
        return key
    }

    func register(_ room: RoomID, for key: PortalKey) {
        state.withLock { $0.byRoom[room] = key }
    }

    func unregister(_ room: RoomID) {
        _ = state.withLock { $0.byRoom.removeValue(forKey: room) }
    }
}

extension PortalKey {
    init(_ row: PortalRowKey) {
        self.init(chatID: RemoteChatID(row.chatID), receiver: row.receiver.map(LoginID.init))
    }

    var rowKey: PortalRowKey { PortalRowKey(chatID: chatID.rawValue, receiver: receiver?.rawValue) }
}
