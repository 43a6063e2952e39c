import SQLKit

/// Which network a store reads and writes, and on which connection (the database, or a caller's
/// transaction). Opaque: stores are made with ``NetworkScopedStore/init(database:network:)``.
public struct CoreStoreScope: Sendable {
    let network: String
    let context: CoreStoreContext
}

/// A store whose every row belongs to one network: the shared way such stores are made, and
/// joined to a caller's transaction.
public protocol NetworkScopedStore: Sendable {
    var scope: CoreStoreScope { get }
    init(scope: CoreStoreScope)
}

extension NetworkScopedStore {
    public init(database: BridgeDatabase, network: String) {
        self.init(scope: CoreStoreScope(network: network, context: CoreStoreContext(database: database)))
    }

    /// The network every row read or written belongs to.
    public var network: String { scope.network }

    var context: CoreStoreContext { scope.context }

    /// This store, running its statements on `transaction` (the `db` of a ``BridgeDatabase/transaction(isolation:_:)``
    /// body) so that they commit or roll back with it.
    public func within(_ transaction: any SQLDatabase) -> Self {
        Self(scope: CoreStoreScope(network: network, context: context.within(transaction)))
    }
}
