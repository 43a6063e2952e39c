import Foundation

/// JSON encoding and decoding of request and response bodies.
enum MatrixJSON {
    static func encode(_ value: some Encodable) throws -> [UInt8] {
        let encoder = JSONEncoder()
        // `\/` is valid JSON but noisy in logs and packet captures.
        encoder.outputFormatting = [.withoutEscapingSlashes]
        return Array(try encoder.encode(value))
    }

    static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>, endpoint: String) throws -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            throw HomeserverClientError.invalidResponse(endpoint: endpoint, reason: Self.describe(error))
        }
    }

    /// A short reason that names the failing field but quotes no values (they may be message text).
    private static func describe(_ error: any Error) -> String {
        guard let decodingError = error as? DecodingError else { return "not JSON" }
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map(\.stringValue).joined(separator: ".")
            return keys.isEmpty ? "the body" : "\"\(keys)\""
        }
        switch decodingError {
        case .keyNotFound(let key, let context):
            let parent = path(context)
            return "missing \"\(key.stringValue)\"" + (context.codingPath.isEmpty ? "" : " in \(parent)")
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            return "\(path(context)) has the wrong type"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not JSON" : "\(path(context)) is invalid"
        @unknown default:
            return "unexpected JSON"
        }
    }
}
