// What a single line of Markdown can start: a code fence, a list item, a table's delimiter row; and the
// string helpers the block parser measures lines with.

/// An opening or closing code fence: three or more backticks or tildes, with an info string naming the language.
struct Fence {
    let character: Character
    let length: Int
    let indent: Int
    let info: String

    init?(_ line: String) {
        indent = line.leadingSpaces
        guard indent <= 3 else { return nil }
        let trimmed = line.trimmedLeading
        guard let first = trimmed.first, first == "`" || first == "~" else { return nil }
        length = trimmed.prefix { $0 == first }.count
        guard length >= 3 else { return nil }
        character = first
        info = String(trimmed.dropFirst(length)).trimmingSpaces
        if first == "`" && info.contains("`") { return nil }
    }
}

/// A list item's marker: "-", "*", "+" or a number followed by "." or ")", then the item's first line.
struct ListMarker {
    let bullet: Character
    let start: Int?
    let contentIndent: Int
    let content: String

    init?(_ line: String) {
        let indent = line.leadingSpaces
        guard indent <= 3 else { return nil }
        let trimmed = Array(line.dropFirst(indent))
        var width = 0
        if let first = trimmed.first, "-*+".contains(first) {
            bullet = first
            start = nil
            width = 1
        } else {
            let digits = trimmed.prefix { $0.isASCII && $0.isNumber }
            guard (1...9).contains(digits.count), digits.count < trimmed.count,
                  trimmed[digits.count] == "." || trimmed[digits.count] == ")" else { return nil }
            bullet = trimmed[digits.count]
            start = Int(String(digits))
            width = digits.count + 1
        }
        let rest = trimmed.dropFirst(width)
        guard rest.isEmpty || rest.first == " " else { return nil }
        let spaces = rest.prefix { $0 == " " }.count
        // Five or more spaces after the marker mean an indented code block inside the item: count only one.
        let gap = spaces == 0 || spaces > 4 ? 1 : spaces
        contentIndent = indent + width + gap
        content = String(rest.dropFirst(min(gap, spaces)))
    }

    func sameKind(as other: ListMarker) -> Bool { bullet == other.bullet && (start == nil) == (other.start == nil) }
}

/// A table's second line: cells of dashes with optional colons marking alignment ("| :-- | :-: | --: |").
struct TableDelimiter {
    let alignments: [String]

    init?(_ line: String) {
        var text = line.trimmingSpaces
        guard text.contains("-") else { return nil }
        if text.hasPrefix("|") { text.removeFirst() }
        if text.hasSuffix("|") { text.removeLast() }
        var alignments: [String] = []
        for cell in text.split(separator: "|", omittingEmptySubsequences: false) {
            let spec = String(cell).trimmingSpaces
            let left = spec.hasPrefix(":"), right = spec.hasSuffix(":")
            let dashes = spec.dropFirst(left ? 1 : 0).dropLast(right && spec.count > 1 ? 1 : 0)
            guard !dashes.isEmpty, dashes.allSatisfy({ $0 == "-" }) else { return nil }
            alignments.append(left && right ? "center" : right ? "right" : left ? "left" : "")
        }
        self.alignments = alignments
    }
}

extension String {
    var isBlank: Bool { allSatisfy { $0 == " " || $0 == "\t" || $0 == "\r" } }
    var leadingSpaces: Int { prefix { $0 == " " }.count }
    var trimmedLeading: String { String(drop { $0 == " " }) }
    /// Spaces and carriage returns removed from both ends; walks inward from each end, never copying twice.
    var trimmingSpaces: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\r" }
        guard let start = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[start...last])
    }

    func droppingLeadingSpaces(upTo count: Int) -> String { String(dropFirst(min(count, leadingSpaces))) }

    /// Tabs become spaces to the next multiple of four, so indentation is measured one way.
    func replacingTabs() -> String {
        guard contains("\t") else { return self }
        var out = ""
        for character in self {
            if character == "\t" {
                out += String(repeating: " ", count: 4 - out.count % 4)
            } else {
                out.append(character)
            }
        }
        return out
    }
}
