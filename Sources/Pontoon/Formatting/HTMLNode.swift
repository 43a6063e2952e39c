/// A node of parsed HTML, as `HTMLParser` returns it: element and attribute names are lowercase,
/// entities are decoded.
public indirect enum HTMLNode: Sendable, Hashable {
    case text(String)
    case element(name: String, attributes: [String: String], children: [HTMLNode])

    /// The text inside, tags removed (a `<br>` adds nothing).
    public var textContent: String {
        // An explicit stack rather than recursion: a hand-built tree may be arbitrarily deep.
        var result = ""
        var pending: [HTMLNode] = [self]
        while let node = pending.popLast() {
            switch node {
            case .text(let text): result += text
            case .element(_, _, let children): pending.append(contentsOf: children.reversed())
            }
        }
        return result
    }
}
