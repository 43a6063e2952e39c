/// Splits the byte stream from the server into lines, with bounded memory.
public struct IRCLineFramer: Sendable {
    private let maxLineBytes: Int
    private var buffer: [UInt8] = []
    /// Bytes of an overlong line already thrown away, while waiting for its end.
    private var discarding: Int?

    public init(maxLineBytes: Int = 8191 + 512) {
        self.maxLineBytes = maxLineBytes
    }

    /// Appends bytes and returns the complete lines (split on LF, a CR before it removed). A line
    /// over the limit is dropped up to its LF and reported as `.overlong`.
    public mutating func append(_ bytes: some Collection<UInt8>) -> [IRCFramedLine] {
        var lines: [IRCFramedLine] = []
        for byte in bytes {
            if byte == 10 {
                if let dropped = discarding {
                    lines.append(.overlong(byteCount: dropped + buffer.count))
                    discarding = nil
                } else {
                    if buffer.last == 13 { buffer.removeLast() }
                    lines.append(.line(buffer))
                }
                buffer.removeAll(keepingCapacity: true)
            } else if buffer.count >= maxLineBytes {
                discarding = (discarding ?? 0) + buffer.count + 1
                buffer.removeAll(keepingCapacity: true)
            } else {
                buffer.append(byte)
            }
        }
        return lines
    }
}

/// A line from ``IRCLineFramer``.
public enum IRCFramedLine: Sendable, Equatable {
    case line([UInt8])
    case overlong(byteCount: Int)
}
