/// Why a core store (``CorePortalStore``, ``CoreMessageStore``, …) refused a value.
public enum CoreStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A string contains the NUL character (U+0000). PostgreSQL cannot store it in text and SQLite's driver
    /// would cut the string there, so it is refused on both engines alike; JSON encoders write it as `\u0000`.
    case nulCharacter(column: String)

    public var description: String {
        switch self {
        case .nulCharacter(let column):
            return "the value for \(column) contains a NUL character (U+0000), which the database cannot store"
        }
    }
}
