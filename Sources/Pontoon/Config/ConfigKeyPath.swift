/// Renders a `Decoder` coding path as the dotted key an admin finds in the file.
enum ConfigKeyPath {
    /// `appservice.port`, `bridge.permissions."@admin:example.org"`, `network.servers[2].port`.
    static func render(_ codingPath: [any CodingKey]) -> String {
        var rendered = ""
        for key in codingPath {
            if let index = key.intValue, key.stringValue == "Index \(index)" || key.stringValue == String(index) {
                rendered += "[\(index)]"
            } else {
                if !rendered.isEmpty { rendered += "." }
                rendered += quotedIfNeeded(key.stringValue)
            }
        }
        return rendered.isEmpty ? "(top level)" : rendered
    }

    static func render(_ codingPath: [any CodingKey], appending key: String) -> String {
        render(codingPath + [ConfigCodingKey(key)])
    }

    /// Keys that are not plain identifiers (domains, user IDs, `*`) are quoted so the dots stay clear.
    static func quotedIfNeeded(_ key: String) -> String {
        let plain = !key.isEmpty && key.unicodeScalars.allSatisfy {
            ($0 >= "a" && $0 <= "z") || ($0 >= "A" && $0 <= "Z") || ($0 >= "0" && $0 <= "9") || $0 == "_" || $0 == "-"
        }
        if plain { return key }
        let printable = key.unicodeScalars.prefix(100).map { $0.value < 0x20 || $0 == "\"" || $0 == "\\" ? "?" : String($0) }
        return "\"" + printable.joined() + "\""
    }
}

/// A coding key for any string, used to list and to name keys outside a type's `CodingKeys`.
struct ConfigCodingKey: CodingKey, Hashable {
    let stringValue: String
    let intValue: Int?

    init(_ string: String) {
        stringValue = string
        intValue = nil
    }

    init?(stringValue: String) { self.init(stringValue) }

    init?(intValue: Int) {
        stringValue = String(intValue)
        self.intValue = intValue
    }
}
