/// A heading of the `help` list. Commands are listed section by section, in ``order``.
///
/// The four built-in sections cover the core's commands; a network may add its own
/// (`CommandSection(title: "IRC", order: 25)`).
public struct CommandSection: Sendable, Hashable, Comparable {
    /// The heading shown by `help`.
    public var title: String
    /// Sections with smaller numbers are listed first.
    public var order: Int

    public init(title: String, order: Int) {
        self.title = title
        self.order = order
    }

    public static let general = CommandSection(title: "General", order: 0)
    public static let authentication = CommandSection(title: "Authentication", order: 10)
    public static let portalManagement = CommandSection(title: "Portal management", order: 20)
    public static let admin = CommandSection(title: "Admin", order: 30)

    public static func < (lhs: CommandSection, rhs: CommandSection) -> Bool {
        (lhs.order, lhs.title) < (rhs.order, rhs.title)
    }
}
