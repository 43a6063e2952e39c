import Foundation

/// Reads the file name out of a `Content-Disposition` header (RFC 6266).
///
/// The header comes from the homeserver, which copies what the uploader chose, so the name is
/// untrusted: path separators and control characters are removed, and a name that is empty
/// afterwards is treated as absent.
enum ContentDisposition {
    static func filename(in header: String) -> String? {
        let parameters = parseParameters(header)
        // `filename*` (RFC 5987, percent-encoded UTF-8) wins over the plain `filename`.
        if let extended = parameters["filename*"], let decoded = decodeExtended(extended) {
            return sanitise(decoded)
        }
        return parameters["filename"].flatMap(sanitise)
    }

    /// `type; name=value; name="quoted \" value"` → `[name: value]`, names lower-cased.
    private static func parseParameters(_ header: String) -> [String: String] {
        var result: [String: String] = [:]
        var scalars = Substring(header).unicodeScalars[...]
        // Skip the disposition type.
        guard let firstSemicolon = scalars.firstIndex(of: ";") else { return [:] }
        scalars = scalars[scalars.index(after: firstSemicolon)...]
        while !scalars.isEmpty {
            scalars = scalars.drop { $0 == " " || $0 == "\t" }
            guard let equals = scalars.firstIndex(of: "=") else { break }
            let name = String(String.UnicodeScalarView(scalars[..<equals])).trimmingCharacters(in: .whitespaces)
                .lowercased()
            scalars = scalars[scalars.index(after: equals)...].drop { $0 == " " || $0 == "\t" }
            var value = String.UnicodeScalarView()
            if scalars.first == "\"" {
                scalars = scalars.dropFirst()
                while let scalar = scalars.first {
                    scalars = scalars.dropFirst()
                    if scalar == "\"" { break }
                    if scalar == "\\", let escaped = scalars.first {
                        value.append(escaped)
                        scalars = scalars.dropFirst()
                    } else {
                        value.append(scalar)
                    }
                }
                scalars = scalars.drop { $0 != ";" }
            } else {
                let end = scalars.firstIndex(of: ";") ?? scalars.endIndex
                value.append(contentsOf: scalars[..<end])
                scalars = scalars[end...]
            }
            scalars = scalars.drop { $0 == ";" }
            if !name.isEmpty, result[name] == nil {
                result[name] = String(value).trimmingCharacters(in: .whitespaces)
            }
        }
        return result
    }

    /// `UTF-8''na%C3%AFve.txt` → `naïve.txt`; other charsets are not supported.
    private static func decodeExtended(_ value: String) -> String? {
        let parts = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].lowercased() == "utf-8" else { return nil }
        return String(parts[2]).removingPercentEncoding
    }

    private static func sanitise(_ name: String) -> String? {
        let lastComponent = name.split(whereSeparator: { $0 == "/" || $0 == "\\" }).last.map(String.init) ?? ""
        let cleaned = String(String.UnicodeScalarView(lastComponent.unicodeScalars.filter {
            $0.value >= 0x20 && $0.value != 0x7F
        }))
        guard !cleaned.isEmpty, cleaned != ".", cleaned != ".." else { return nil }
        return cleaned
    }
}
