/// The 99 mIRC colours (codes 0–98; 99 means "the client's default") with the values the modern
/// IRC formatting document (modern.ircdocs.horse/formatting) gives.
public struct IRCColorPalette: Sendable {
    /// `#rrggbb` of each code, 0–98.
    static let hexValues: [String] = [
        // 0–15, the classic colours every client shows: white, black, blue (navy), green, red,
        // brown (maroon), magenta (purple), orange, yellow, light green, cyan (teal), light cyan,
        // light blue, pink, grey, light grey.
        "#ffffff", "#000000", "#00007f", "#009300", "#ff0000", "#7f0000", "#9c009c", "#fc7f00",
        "#ffff00", "#00fc00", "#009393", "#00ffff", "#0000fc", "#ff00ff", "#7f7f7f", "#d2d2d2",
        // 16–87: twelve hues in six rows from dark to pale.
        "#470000", "#472100", "#474700", "#324700", "#004700", "#00472c", "#004747", "#002747", "#000047", "#2e0047", "#470047", "#47002a",
        "#740000", "#743a00", "#747400", "#517400", "#007400", "#007449", "#007474", "#004074", "#000074", "#4b0074", "#740074", "#740045",
        "#b50000", "#b56300", "#b5b500", "#7db500", "#00b500", "#00b571", "#00b5b5", "#0063b5", "#0000b5", "#7500b5", "#b500b5", "#b5006b",
        "#ff0000", "#ff8c00", "#ffff00", "#b2ff00", "#00ff00", "#00ffa0", "#00ffff", "#008cff", "#0000ff", "#a500ff", "#ff00ff", "#ff0098",
        "#ff5959", "#ffb459", "#ffff71", "#cfff60", "#6fff6f", "#65ffc9", "#6dffff", "#59b4ff", "#5959ff", "#c459ff", "#ff66ff", "#ff59bc",
        "#ff9c9c", "#ffd39c", "#ffff9c", "#e2ff9c", "#9cff9c", "#9cffdb", "#9cffff", "#9cd3ff", "#9c9cff", "#dc9cff", "#ff9cff", "#ff94d3",
        // 88–98: greys from black to white.
        "#000000", "#131313", "#282828", "#363636", "#4d4d4d", "#656565", "#818181", "#9f9f9f", "#bcbcbc", "#e2e2e2", "#ffffff",
    ]

    /// Colour names a sender may write in `<font color>`, read as the IRC colour of that name
    /// (so "blue" is IRC light blue 12, the one that looks like CSS blue).
    static let names: [String: Int] = [
        "white": 0, "black": 1, "navy": 2, "darkblue": 2, "green": 3, "darkgreen": 3, "red": 4, "maroon": 5,
        "brown": 5, "darkred": 5, "purple": 6, "orange": 7, "yellow": 8, "lime": 9, "lightgreen": 9, "teal": 10,
        "cyan": 11, "aqua": 11, "lightcyan": 11, "blue": 12, "lightblue": 12, "magenta": 13, "fuchsia": 13,
        "pink": 13, "grey": 14, "gray": 14, "silver": 15, "lightgrey": 15, "lightgray": 15,
    ]

    /// `#rrggbb` (lowercase) of colour `code`; nil outside 0–98 (99, "default", has no value).
    public static func hex(for code: Int) -> String? {
        hexValues.indices.contains(code) ? hexValues[code] : nil
    }

    /// The IRC colour code for a CSS colour: `#rgb`, `#rrggbb` (the `#` may be missing) or one of
    /// a few names (`red`, `blue`, `navy`, …); nil when the text is none of those. Always one of
    /// the 16 classic colours, the nearest: many clients show no others, and the pure hues a
    /// colour picker gives (`#0000ff`) would otherwise pick extended codes (60) they cannot show.
    public static func nearestCode(toHex text: String) -> Int? {
        let key = text.trimmingSpaces().lowercased()
        if let code = names[key] { return code }
        guard let color = rgb(key) else { return nil }
        return classicValues.indices.min { distance(color, classicValues[$0]) < distance(color, classicValues[$1]) }
    }

    static let classicValues: [RGB] = hexValues.prefix(16).compactMap(rgb)


    struct RGB: Equatable {
        var red: Int
        var green: Int
        var blue: Int
    }

    static func rgb(_ text: String) -> RGB? {
        var digits = Substring(text)
        let hasHash = digits.first == "#"
        if hasHash { digits = digits.dropFirst() }
        guard digits.allSatisfy({ $0.isASCII && $0.isHexDigit }) else { return nil }
        let expanded: String
        switch digits.count {
        case 3 where hasHash: expanded = digits.map { "\($0)\($0)" }.joined()  // without "#", "bad" is a word
        case 6: expanded = String(digits)
        default: return nil
        }
        guard let value = Int(expanded, radix: 16) else { return nil }
        return RGB(red: value >> 16 & 0xFF, green: value >> 8 & 0xFF, blue: value & 0xFF)
    }

    /// "Redmean" colour distance: RGB distance with the channels weighted roughly as the eye
    /// weighs them (green most, blue least), which picks nearer-looking colours than plain RGB.
    static func distance(_ a: RGB, _ b: RGB) -> Int {
        let meanRed = (a.red + b.red) / 2
        let red = a.red - b.red
        let green = a.green - b.green
        let blue = a.blue - b.blue
        return (((512 + meanRed) * red * red) >> 8) + 4 * green * green + (((767 - meanRed) * blue * blue) >> 8)
    }
}
