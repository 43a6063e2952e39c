/// `bridge.relay.message_format`: `{{.Sender}}` is the Matrix display name, `{{.Message}}` the text.
public enum RelayFormat {
    /// The format filled in, with HTML tags dropped and entities decoded (``HTMLParser``):
    /// what plain-text networks (IRC, SMS) receive.
    public static func plainText(format: String, sender: String, message: String) -> String {
        let template = HTMLParser.parse(format).map(\.textContent).joined()
        return fill(template, sender: sender, message: message)
    }

    static func fill(_ template: String, sender: String, message: String) -> String {
        // Placeholders are replaced in one pass so a sender named "{{.Message}}" stays literal.
        var result = ""
        var rest = Substring(template)
        while let range = rest.firstRange(of: "{{.") {
            result += rest[..<range.lowerBound]
            let after = rest[range.upperBound...]
            if after.hasPrefix("Sender}}") {
                result += sender
                rest = after.dropFirst("Sender}}".count)
            } else if after.hasPrefix("Message}}") {
                result += message
                rest = after.dropFirst("Message}}".count)
            } else {
                result += "{{."
                rest = after
            }
        }
        return result + rest
    }
}
