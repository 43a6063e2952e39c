/// Netsplits: when two servers lose their link, everyone behind the other one "quits" with the two
/// server names as the reason ("hub.example.org leaf.example.org", or "*.net *.split" on networks
/// that hide them), and most come back within a minute.
public enum Netsplit {
    /// Whether a QUIT reason is a netsplit's.
    public static func isSplitQuit(_ reason: String) -> Bool {
        let parts = reason.split(separator: " ", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0] != parts[1] else { return false }
        return parts.allSatisfy(isServerName)
    }

    private static func isServerName(_ name: Substring) -> Bool {
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        guard labels.count >= 2, name.count <= 253 else { return false }
        return labels.allSatisfy { label in
            !label.isEmpty && label.allSatisfy { $0 == "*" || $0 == "-" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
        }
    }
}
