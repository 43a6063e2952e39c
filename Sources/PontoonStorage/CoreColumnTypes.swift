import SQLKit

extension SQLDialectKind {
    /// The column type for true/false. PostgreSQL has `BOOLEAN`; SQLite has no boolean type, and SQLiteKit binds
    /// a `Bool` as the integer 1 or 0 and reads it back from those, so the column is a plain `INTEGER` there.
    /// Give such columns `.notNull, .default(false)`: SQLite reads the literal `FALSE` as 0.
    public var booleanType: SQLDataType {
        switch self {
        case .sqlite: return .custom(SQLRaw("INTEGER"))
        case .postgres: return .custom(SQLRaw("BOOLEAN"))
        }
    }
}
