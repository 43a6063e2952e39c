/// A piece of IRC text in one style.
struct IRCStyledRun: Sendable {
    var style: IRCTextStyle
    var text: String
}

/// Reads mIRC control codes (modern.ircdocs.horse/formatting) into styled runs: `\x02` bold,
/// `\x1d` italic, `\x1f` underline, `\x1e` strikethrough, `\x11` monospace, `\x16` reverse,
/// `\x0f` reset; `\x03FG[,BG]` palette colours (one or two digits, 99 = default),
/// `\x04RRGGBB[,RRGGBB]` hex colours. A colour code with no valid colour after it resets both
/// colours, and what follows it is text. Other control characters are dropped, except tab and
/// line feed, which are text.
enum IRCFormattingReader {
    static func runs(_ text: String) -> [IRCStyledRun] {
        var reader = Reader(scalars: Array(text.unicodeScalars))
        reader.read()
        return reader.runs
    }

    private struct Reader {
        let scalars: [Unicode.Scalar]
        var index = 0
        var style = IRCTextStyle()
        var current = String.UnicodeScalarView()
        var runs: [IRCStyledRun] = []

        init(scalars: [Unicode.Scalar]) {
            self.scalars = scalars
        }

        mutating func read() {
            while index < scalars.count {
                let scalar = scalars[index]
                index += 1
                switch scalar.value {
                case 0x02: change { $0.bold.toggle() }
                case 0x1D: change { $0.italic.toggle() }
                case 0x1F: change { $0.underline.toggle() }
                case 0x1E: change { $0.strikethrough.toggle() }
                case 0x11: change { $0.monospace.toggle() }
                case 0x16: change { $0.reverse.toggle() }
                case 0x0F: change { $0 = IRCTextStyle() }
                case 0x03: setColors(readPaletteColors())
                case 0x04: setColors(readHexColors())
                case 0x09, 0x0A: current.append(scalar)
                case 0..<0x20, 0x7F: continue  // NUL, CTCP markers, CR…: nothing a reader sees
                default: current.append(scalar)
                }
            }
            flush()
        }

        private mutating func change(_ update: (inout IRCTextStyle) -> Void) {
            flush()
            update(&style)
        }

        private mutating func flush() {
            guard !current.isEmpty else { return }
            if let last = runs.last, last.style == style {
                runs[runs.count - 1].text.unicodeScalars.append(contentsOf: current)
            } else {
                runs.append(IRCStyledRun(style: style, text: String(current)))
            }
            current = String.UnicodeScalarView()
        }

        /// The outcome of one colour code: nil resets both colours; otherwise the foreground
        /// (nil for "default") and, when one was given, the background.
        private typealias ColorChange = (foreground: String?, background: String??)?

        private mutating func setColors(_ change: ColorChange) {
            flush()
            guard let change else {
                style.foreground = nil
                style.background = nil
                return
            }
            style.foreground = change.foreground
            if let background = change.background { style.background = background }
        }

        /// After `\x03`: one or two digits, then optionally "," and one or two digits. Codes
        /// 0–98 are palette colours, 99 the default.
        private mutating func readPaletteColors() -> ColorChange {
            guard let foreground = readNumber() else { return nil }
            var background: String??
            if index + 1 < scalars.count, scalars[index] == ",", isDigit(scalars[index + 1]) {
                index += 1
                background = .some(readNumber().flatMap(IRCColorPalette.hex(for:)))
            }
            return (IRCColorPalette.hex(for: foreground), background)
        }

        private mutating func readNumber() -> Int? {
            guard index < scalars.count, isDigit(scalars[index]) else { return nil }
            var value = Int(scalars[index].value - 48)
            index += 1
            if index < scalars.count, isDigit(scalars[index]) {
                value = value * 10 + Int(scalars[index].value - 48)
                index += 1
            }
            return value
        }

        private func isDigit(_ scalar: Unicode.Scalar) -> Bool {
            ("0"..."9").contains(scalar)
        }

        /// After `\x04`: six hex digits, then optionally "," and six more.
        private mutating func readHexColors() -> ColorChange {
            guard let foreground = hexColor(at: index) else { return nil }
            index += 6
            var background: String??
            if index < scalars.count, scalars[index] == ",", let color = hexColor(at: index + 1) {
                background = .some(color)
                index += 7
            }
            return (foreground, background)
        }

        private func hexColor(at start: Int) -> String? {
            guard start + 6 <= scalars.count else { return nil }
            let digits = scalars[start..<(start + 6)]
            guard digits.allSatisfy({ $0.properties.isASCIIHexDigit }) else { return nil }
            return "#" + String(String.UnicodeScalarView(digits)).lowercased()
        }
    }
}
