import Foundation

/// A failed delivery report's `reply` (`%A`) as a sentence for the Matrix user.
///
/// Kannel fills `%A` with what the SMSC said: `NACK/<code>/<text>` when it refused the text
/// (type 16; `ACK/` goes with type 8), or the SMPP receipt `id:… stat:UNDELIV err:001 text:…`
/// for a final state (type 1/2). The fake SMSC leaves it empty for its final report.
enum KannelDeliveryReason {
    /// The longest part of the SMSC's reply quoted to the user.
    static let maxQuotedLength = 160

    static func failure(reply: String?, rejected: Bool) -> String {
        let reply = clean(reply ?? "")
        let head = rejected ? "The SMS center refused the text" : "The carrier could not deliver the text"
        guard !reply.isEmpty else { return head + "." }
        if rejected, let nack = nackDetail(reply) { return head + nack + "." }
        if let receipt = receiptDetail(reply) { return head + ": " + receipt + "." }
        return head + ": " + quoted(reply) + "."
    }

    /// `NACK/0x0000000b/Invalid Dest Addr` → `: Invalid Dest Addr (error 0x0000000b)`.
    private static func nackDetail(_ reply: String) -> String? {
        guard reply.uppercased().hasPrefix("NACK") else { return nil }
        let fields = reply.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).dropFirst()
        let code = fields.first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        let text = fields.count > 1 ? fields[fields.startIndex + 1].trimmingCharacters(in: .whitespaces) : ""
        switch (code.isEmpty, text.isEmpty) {
        case (true, true): return ""
        case (true, false): return ": " + quoted(text)
        case (false, true): return " (error \(quoted(code)))"
        case (false, false): return ": \(quoted(text)) (error \(quoted(code)))"
        }
    }

    /// `… stat:EXPIRED err:001 …` → `it expired before reaching the phone (EXPIRED, error 001)`.
    private static func receiptDetail(_ reply: String) -> String? {
        guard let stat = field("stat", in: reply) else { return nil }
        let meaning: String
        switch stat.uppercased() {
        case "EXPIRED": meaning = "it expired before reaching the phone"
        case "DELETED": meaning = "the carrier deleted it"
        case "UNDELIV": meaning = "the phone could not be reached"
        case "REJECTD": meaning = "the carrier rejected it"
        case "UNKNOWN": meaning = "its state is unknown"
        default: meaning = "the carrier reported it as undelivered"
        }
        let error = field("err", in: reply).map { ", error \(quoted($0))" } ?? ""
        return "\(meaning) (\(quoted(stat))\(error))"
    }

    /// The value after `name:` up to the next space.
    private static func field(_ name: String, in reply: String) -> String? {
        guard let range = reply.range(of: name + ":", options: .caseInsensitive) else { return nil }
        let value = reply[range.upperBound...].prefix { !$0.isWhitespace }
        return value.isEmpty ? nil : String(value)
    }

    private static func clean(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
            .trimmingCharacters(in: .whitespaces)
    }

    private static func quoted(_ text: String) -> String {
        text.count > maxQuotedLength ? String(text.prefix(maxQuotedLength)) + "…" : text
    }
}
