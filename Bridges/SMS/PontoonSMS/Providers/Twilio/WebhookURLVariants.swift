/// The forms of a webhook URL a Twilio signature may have been computed over.
///
/// Twilio's own validators (twilio-python, twilio-node) check the URL without its port and with the
/// scheme's default port added when it has none, because Twilio's signing side is inconsistent
/// about ports. The URL is otherwise used exactly as written: re-encoding the path or query would
/// change the signed text.
enum WebhookURLVariants {
    static func candidates(for url: String) -> [String] {
        guard let parts = Parts(url) else { return [url] }
        var candidates = [url]
        if parts.port != nil {
            candidates.append(parts.rebuilt(port: nil))
        } else if let defaultPort = parts.defaultPort {
            candidates.append(parts.rebuilt(port: defaultPort))
        }
        return candidates
    }

    /// `scheme://[userinfo@]host[:port]rest`, split without decoding anything.
    struct Parts {
        var scheme: String
        var userinfo: Substring?
        var host: Substring
        var port: Substring?
        var rest: Substring

        init?(_ url: String) {
            guard let separator = url.range(of: "://") else { return nil }
            scheme = String(url[..<separator.lowerBound])
            let afterScheme = url[separator.upperBound...]
            let authorityEnd = afterScheme.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterScheme.endIndex
            var authority = afterScheme[..<authorityEnd]
            rest = afterScheme[authorityEnd...]
            if let at = authority.lastIndex(of: "@") {
                userinfo = authority[..<at]
                authority = authority[authority.index(after: at)...]
            }
            // The port follows the last colon, unless that colon is inside an IPv6 literal.
            if let colon = authority.lastIndex(of: ":"), !authority[colon...].contains("]") {
                host = authority[..<colon]
                let port = authority[authority.index(after: colon)...]
                self.port = port.isEmpty ? nil : port
            } else {
                host = authority
            }
            guard !host.isEmpty else { return nil }
        }

        var defaultPort: Substring? {
            switch scheme.lowercased() {
            case "https": "443"
            case "http": "80"
            default: nil
            }
        }

        func rebuilt(port: Substring?) -> String {
            var url = scheme + "://"
            if let userinfo { url += userinfo + "@" }
            url += host
            if let port { url += ":" + port }
            return url + rest
        }
    }
}
