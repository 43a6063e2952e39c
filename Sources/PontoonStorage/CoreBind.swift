import SQLKit

/// Binds for the stores' text columns (the core's and the crypto store's). Every string goes through these, so a NUL is refused the same way on
/// both engines (see ``CoreStoreError/nulCharacter(column:)``) instead of failing on one and being cut on the other.
public enum CoreBind {
    public static func text(_ value: String, _ column: String) throws(CoreStoreError) -> SQLBind {
        // In UTF-8 the byte 0 only ever encodes U+0000.
        guard !value.utf8.contains(0) else { throw .nulCharacter(column: column) }
        return SQLBind(value)
    }

    public static func text(_ value: String?, _ column: String) throws(CoreStoreError) -> any SQLExpression {
        guard let value else { return SQLLiteral.null }
        return try text(value, column)
    }
}
