/// Text from a user or a file, made safe to show in a message: characters that would be invisible or would
/// act on the terminal (NUL, escape, a byte-order mark, a right-to-left override) are named as `<U+FEFF>`, and
/// long text is cut with a note of how much was left out, so a 40 KB line never floods an error.
public enum DisplayText {
    /// True for characters shown by name: controls (C0, DEL, C1), format characters (zero-width, bidi, BOM),
    /// line and paragraph separators.
    public static func isHidden(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .lineSeparator, .paragraphSeparator, .surrogate, .privateUse, .unassigned:
            return true
        default:
            return false
        }
    }

    /// `<U+0000>`, `<U+FEFF>`.
    public static func name(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "<U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex + ">"
    }

    /// `text` with hidden characters named (tabs kept when `keepingTabs`) and cut after `limit` characters.
    public static func escaped(_ text: String, limit: Int = 200, keepingTabs: Bool = false) -> String {
        var out = ""
        var shown = 0
        var scalars = text.unicodeScalars.makeIterator()
        var total = 0
        while let scalar = scalars.next() {
            total += 1
            guard shown < limit else { continue }
            if isHidden(scalar) && !(keepingTabs && scalar == "\t") {
                out += name(scalar)
            } else {
                out.unicodeScalars.append(scalar)
            }
            shown += 1
        }
        if total > shown { out += "… (\(total - shown) more characters)" }
        return out
    }

    /// "a, b, c": the names a message lists, the first `limit` of them and then how many more there are, so a
    /// model of hundreds of layers or a folder of thousands of classes never floods an error.
    public static func list(_ names: [String], limit: Int = 20) -> String {
        names.prefix(limit).joined(separator: ", ") + (names.count > limit ? " and \(names.count - limit) more" : "")
    }

    /// True when `text` holds a character `escaped` would name.
    public static func hasHidden(_ text: String) -> Bool { text.unicodeScalars.contains(where: isHidden) }
}

extension DisplayText {
    /// `text` as lines of at most `width` characters (a longer word stands alone on its line), the first led by
    /// `indent` and the others by `continuation` (the same indent unless given): help's prose, readable in a
    /// terminal of the usual width.
    public static func wrapped(_ text: String, width: Int = 100, indent: String = "",
                               continuation: String? = nil) -> String {
        wrapped(words: text.split(separator: " ", omittingEmptySubsequences: true), width: width, indent: indent,
                continuation: continuation)
    }

    /// `words` joined by spaces into lines as `wrapped(_:…)` makes them, for text whose breaks are chosen by the
    /// caller (a signature's parameters).
    public static func wrapped<Word: StringProtocol>(words: [Word], width: Int = 100, indent: String = "",
                                                     continuation: String? = nil) -> String {
        var lines: [String] = []
        var line = ""
        var lead: String { lines.isEmpty ? indent : continuation ?? indent }
        for word in words {
            if !line.isEmpty && lead.count + line.count + 1 + word.count > width {
                lines.append(lead + line)
                line = ""
            }
            line += (line.isEmpty ? "" : " ") + word
        }
        if !line.isEmpty || lines.isEmpty { lines.append(lead + line) }
        return lines.joined(separator: "\n")
    }
}
