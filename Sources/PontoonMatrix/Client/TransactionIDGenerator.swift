import Synchronization

/// Makes transaction IDs that are unique across the whole bridge process.
///
/// Synapse de-duplicates `PUT …/send/{type}/{txnId}` per *appservice*, not per ghost: the key is
/// the request path plus the appservice ID, and `user_id` is in the query. Two ghosts using the
/// same txnId in the same room would get the first ghost's event back and nothing sent. The IDs
/// are `pt.<random prefix chosen at start>.<counter>`; the random prefix keeps a restarted bridge
/// from colliding with IDs of its previous run, which Synapse remembers for a while.
///
/// For retries that must survive a crash, callers pass a deterministic txnId (derived from the
/// remote message ID) instead of using this generator.
public final class TransactionIDGenerator: Sendable {
    /// The part that identifies this process run.
    public let prefix: String
    private let counter = Atomic<UInt64>(0)

    /// A generator with a fresh random prefix.
    public convenience init() {
        self.init(prefix: "pt.\(String(UInt64.random(in: 0...UInt64.max), radix: 36))")
    }

    /// A generator with a chosen prefix (for tests); IDs are `<prefix>.<counter>`.
    public init(prefix: String) {
        self.prefix = prefix
    }

    /// The next unused transaction ID.
    public func next() -> String {
        let value = counter.add(1, ordering: .relaxed).newValue
        return "\(prefix).\(value)"
    }
}
