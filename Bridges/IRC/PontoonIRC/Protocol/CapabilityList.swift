/// The capabilities a server offers in `CAP LS 302`, which may span several lines.
public struct CapabilityList: Sendable {
    /// Capability name → value (`sasl` → `PLAIN,EXTERNAL`; "" when it has none).
    public var offered: [String: String] = [:]

    public init() {}

    /// Applies the parameters after `CAP <nick> LS`; returns true when this was the last line.
    public mutating func apply(lsParameters: [String]) -> Bool {
        let isContinued = lsParameters.count >= 2 && lsParameters.first == "*"
        for token in (lsParameters.last ?? "").split(separator: " ").prefix(256) {
            let parts = token.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            offered[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return !isContinued
    }
}
