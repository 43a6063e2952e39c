// libyaml's event parser, the one Yams is built on. Yams keeps it internal, and no other route
// sees aliases before Yams expands them; SwiftPM makes the module of a dependency's C target
// importable, and the internal import keeps it out of Pontoon's interface.
internal import CYaml

/// Refuses YAML that would expand into too many values, before Yams builds the tree.
///
/// An alias (`*name`) repeats a whole anchored subtree, so a few lines (the "billion laughs")
/// can stand for billions of values. Yams shares the repeated subtree in memory, but walking or
/// hashing it (which Yams does for mapping keys, and decoding does for everything) takes time
/// in the expanded size. This pass streams libyaml events once and adds up the expanded size of
/// every node, so it costs time and memory in the size of the text, never of the expansion.
enum YAMLSizeGuard {
    /// Why the text was refused. Syntax errors are not reported here: Yams reports them with
    /// their position when it parses the same text afterwards.
    struct TooLarge: Error, Equatable {
        let limit: Int
    }

    /// Throws ``TooLarge`` when the document(s) in `text` hold more than `maxValues` scalars and
    /// collections once every alias is expanded.
    static func check(_ text: String, maxValues: Int) throws(TooLarge) {
        var bytes = Array(text.utf8)
        if bytes.isEmpty { return }
        let result: Result<Void, TooLarge> = bytes.withUnsafeMutableBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return .success(()) }
            return count(base, length: buffer.count, maxValues: maxValues)
        }
        try result.get()
    }

    private static func count(_ input: UnsafeMutablePointer<UInt8>, length: Int, maxValues: Int) -> Result<Void, TooLarge> {
        var parser = yaml_parser_t()
        guard yaml_parser_initialize(&parser) == 1 else { return .success(()) }
        defer { yaml_parser_delete(&parser) }
        yaml_parser_set_input_string(&parser, input, length)

        var tally = Tally(limit: maxValues)
        while true {
            var event = yaml_event_t()
            guard yaml_parser_parse(&parser, &event) == 1 else { return .success(()) }  // Yams reports it
            defer { yaml_event_delete(&event) }
            let fits: Bool
            switch event.type {
            case YAML_SCALAR_EVENT:
                fits = tally.add(size: 1, anchor: anchorName(event.data.scalar.anchor))
            case YAML_ALIAS_EVENT:
                let name = anchorName(event.data.alias.anchor)
                fits = tally.add(size: name.flatMap { tally.anchorSizes[$0] } ?? 1, anchor: nil)
            case YAML_SEQUENCE_START_EVENT:
                tally.open(anchor: anchorName(event.data.sequence_start.anchor))
                fits = true
            case YAML_MAPPING_START_EVENT:
                tally.open(anchor: anchorName(event.data.mapping_start.anchor))
                fits = true
            case YAML_SEQUENCE_END_EVENT, YAML_MAPPING_END_EVENT:
                fits = tally.close()
            case YAML_STREAM_END_EVENT:
                return .success(())
            default:
                fits = true
            }
            if !fits { return .failure(TooLarge(limit: maxValues)) }
        }
    }

    private static func anchorName(_ pointer: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        pointer.map { String(cString: $0) }
    }

    /// Expanded sizes: of each open collection so far, of each anchored node, and of the stream.
    private struct Tally {
        let limit: Int
        var open: [(anchor: String?, size: Int)] = []
        var anchorSizes: [String: Int] = [:]
        var total = 0

        init(limit: Int) { self.limit = limit }

        mutating func open(anchor: String?) {
            open.append((anchor, 1))
        }

        /// Adds a finished node to its parent (or the stream). Sizes stay at most `limit + 1`
        /// before the check, so the sums can't overflow.
        mutating func add(size: Int, anchor: String?) -> Bool {
            if let anchor { anchorSizes[anchor] = size }
            if open.isEmpty {
                total += size
                return total <= limit
            }
            open[open.count - 1].size += size
            return open[open.count - 1].size <= limit
        }

        mutating func close() -> Bool {
            guard let finished = open.popLast() else { return true }
            return add(size: finished.size, anchor: finished.anchor)
        }
    }
}
