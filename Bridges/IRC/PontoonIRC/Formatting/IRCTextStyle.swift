/// The formatting in effect at a point of IRC text, as the control codes so far left it.
struct IRCTextStyle: Hashable, Sendable {
    var bold = false
    var italic = false
    var underline = false
    var strikethrough = false
    var monospace = false
    var reverse = false
    /// `#rrggbb`, nil for the client's default.
    var foreground: String?
    var background: String?

    /// The colours as shown: reverse swaps them. Reverse with no colours set only swaps the
    /// client's defaults, which Matrix cannot express, so it shows nothing then.
    var shownColors: (foreground: String?, background: String?) {
        reverse ? (background, foreground) : (foreground, background)
    }

    /// Text in the same colour as its background: IRC's way to hide a spoiler until selected.
    var isSpoiler: Bool {
        foreground != nil && foreground == background
    }
}
