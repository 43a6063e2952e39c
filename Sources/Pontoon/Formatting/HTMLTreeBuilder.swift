/// Builds the node tree from tokens with an explicit stack (no recursion), recovering from bad
/// markup the simple way: an end tag closes everything opened after its element, an end tag
/// with no open element is ignored, and what is still open at the end is closed.
struct HTMLTreeBuilder {
    static let voidElements: Set<String> = [
        "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
    ]

    /// Start tags that end an open `<p>` (a paragraph cannot contain a block).
    static let closesParagraph: Set<String> = [
        "address", "article", "aside", "blockquote", "details", "div", "dl", "fieldset", "figcaption", "figure", "footer",
        "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
        "summary", "table", "ul",
    ]

    /// Elements that keep an open `<p>` outside from being closed by what is inside them.
    private static let paragraphBoundaries: Set<String> = ["table", "td", "th", "caption", "button", "object", "marquee"]

    private struct OpenElement {
        var name: String
        var attributes: [String: String]
        var children: [HTMLNode] = []
    }

    private let maxDepth: Int
    /// `stack[0]` is the document itself; the rest are the open elements, innermost last.
    private var stack = [OpenElement(name: "", attributes: [:])]
    /// How many of each element are open, so an end tag nothing matches costs O(1).
    private var openCounts: [String: Int] = [:]
    /// Text for the innermost open element, added as one node when something else comes: keeps
    /// a long run of text pieces linear instead of re-copying the node each time.
    private var pendingText = ""
    /// Elements opened past `maxDepth`, by name: their tags are ignored, their text kept.
    private var flattened: [String: Int] = [:]

    init(maxDepth: Int) {
        self.maxDepth = max(0, maxDepth)
    }

    private var openCount: Int { stack.count - 1 }

    mutating func text(_ text: String) {
        pendingText += text
    }

    mutating func start(_ name: String, attributes: [String: String], selfClosing: Bool) {
        closeElementsEnded(byStartOf: name)
        if Self.voidElements.contains(name) || selfClosing {
            leaf(name, attributes: attributes)
            return
        }
        guard openCount < maxDepth else {
            flattened[name, default: 0] += 1
            return
        }
        flushText()
        stack.append(OpenElement(name: name, attributes: attributes))
        openCounts[name, default: 0] += 1
    }

    mutating func end(_ name: String) {
        if name == "br" {
            leaf("br", attributes: [:])  // HTML reads a stray </br> as <br>
            return
        }
        if let count = flattened[name], count > 0 {
            flattened[name] = count - 1
            return
        }
        guard openCounts[name, default: 0] > 0, let index = stack.lastIndex(where: { $0.name == name }), index > 0 else { return }
        close(downTo: index)
    }

    mutating func finish() -> [HTMLNode] {
        close(downTo: 1)
        flushText()
        return stack[0].children
    }

    private mutating func leaf(_ name: String, attributes: [String: String]) {
        guard openCount < maxDepth else { return }
        flushText()
        stack[stack.count - 1].children.append(.element(name: name, attributes: attributes, children: []))
    }

    private mutating func flushText() {
        guard !pendingText.isEmpty else { return }
        stack[stack.count - 1].children.append(.text(pendingText))
        pendingText = ""
    }

    /// Closes the element at `index` and everything opened inside it.
    private mutating func close(downTo index: Int) {
        flushText()
        while stack.count > max(index, 1) {
            let element = stack.removeLast()
            openCounts[element.name, default: 1] -= 1
            stack[stack.count - 1].children.append(.element(name: element.name, attributes: element.attributes, children: element.children))
        }
        // Anything flattened was inside what just closed.
        if !flattened.isEmpty { flattened.removeAll() }
    }

    /// HTML's implied end tags for the elements chat clients use: a new `<li>` ends the previous
    /// item of its list, a new row or cell ends the previous one, a block ends an open paragraph.
    private mutating func closeElementsEnded(byStartOf name: String) {
        switch name {
        case "li": closeInnermost(["li"], stoppingAt: ["ul", "ol", "menu"])
        case "dt", "dd": closeInnermost(["dt", "dd"], stoppingAt: ["dl"])
        case "tr": closeInnermost(["tr"], stoppingAt: ["table", "thead", "tbody", "tfoot"])
        case "td", "th": closeInnermost(["td", "th"], stoppingAt: ["tr", "table"])
        default: break
        }
        if Self.closesParagraph.contains(name) {
            closeInnermost(["p"], stoppingAt: Self.paragraphBoundaries)
        }
    }

    private mutating func closeInnermost(_ names: Set<String>, stoppingAt boundaries: Set<String>) {
        guard names.contains(where: { openCounts[$0, default: 0] > 0 }) else { return }
        // Bounded look: with a huge maxDepth this must not turn quadratic.
        for index in stack.indices.reversed().prefix(64) where index > 0 {
            let name = stack[index].name
            if names.contains(name) {
                close(downTo: index)
                return
            }
            if boundaries.contains(name) { return }
        }
    }
}
