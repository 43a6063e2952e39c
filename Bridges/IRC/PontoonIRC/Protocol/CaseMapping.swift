/// How a server compares nicks and channel names (ISUPPORT `CASEMAPPING`).
public enum CaseMapping: String, Sendable {
    case ascii
    /// `A-Z[]\~` fold to `a-z{}|^` (the RFC 1459 default).
    case rfc1459
    /// Like rfc1459 without `~` → `^`.
    case strictRFC1459 = "strict-rfc1459"
    /// Unicode-aware (PRECIS); lowercasing is the part a client can do.
    case rfc7613

    public func fold(_ text: String) -> String {
        switch self {
        case .rfc7613:
            return text.lowercased()
        case .ascii, .rfc1459, .strictRFC1459:
            var scalars = String.UnicodeScalarView()
            for scalar in text.unicodeScalars {
                switch scalar {
                case "A"..."Z": scalars.append(Unicode.Scalar(scalar.value + 32)!)
                case "[" where self != .ascii: scalars.append("{")
                case "]" where self != .ascii: scalars.append("}")
                case "\\" where self != .ascii: scalars.append("|")
                case "~" where self == .rfc1459: scalars.append("^")
                default: scalars.append(scalar)
                }
            }
            return String(scalars)
        }
    }
}
