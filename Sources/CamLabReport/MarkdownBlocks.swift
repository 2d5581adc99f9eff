/// The block structure of a Markdown document (the CommonMark subset CamLab reports use): headings, paragraphs,
/// fenced and indented code, lists, block quotes, pipe tables and thematic breaks. Inline text is kept raw and
/// rendered by `MarkdownInline`.
public indirect enum MarkdownBlock: Equatable, Sendable {
    case heading(level: Int, text: String)
    case paragraph(String)
    case code(language: String, text: String)
    /// `start` is the first number of an ordered list, nil for a bullet list; `tight` lists render items without
    /// paragraph tags, as CommonMark does when no blank line separates them.
    case list(start: Int?, tight: Bool, items: [[MarkdownBlock]])
    case quote([MarkdownBlock])
    /// `alignments` has one entry per column: "left", "center", "right" or "" (unspecified).
    case table(header: [String], alignments: [String], rows: [[String]])
    case rule
}

/// Splits Markdown text into blocks, one method per block kind, reading `lines` front to back.
public struct MarkdownParser {
    private let lines: [String]
    private var index = 0

    /// The blocks of `text`. Never fails: text that is not a recognised block becomes a paragraph.
    public static func parse(_ text: String) -> [MarkdownBlock] {
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        var parser = MarkdownParser(lines: lines.map { String($0).replacingTabs() })
        return parser.blocks()
    }

    private init(lines: [String]) { self.lines = lines }

    private mutating func blocks() -> [MarkdownBlock] {
        var blocks: [MarkdownBlock] = []
        while index < lines.count {
            let line = lines[index]
            if line.isBlank { index += 1; continue }
            if let fence = Fence(line) { blocks.append(fencedCode(fence)); continue }
            if let heading = atxHeading(line) { blocks.append(heading); index += 1; continue }
            if isThematicBreak(line) { blocks.append(.rule); index += 1; continue }
            if line.leadingSpaces >= 4 { blocks.append(indentedCode()); continue }
            if line.trimmedLeading.hasPrefix(">") { blocks.append(quote()); continue }
            if ListMarker(line) != nil { blocks.append(list()); continue }
            if let table = table() { blocks.append(table); continue }
            blocks.append(paragraph())
        }
        return blocks
    }

    // MARK: Leaf blocks

    private func atxHeading(_ line: String) -> MarkdownBlock? {
        guard line.leadingSpaces <= 3 else { return nil }
        let trimmed = line.trimmedLeading
        let level = trimmed.prefix { $0 == "#" }.count
        guard (1...6).contains(level) else { return nil }
        let rest = trimmed.dropFirst(level)
        guard rest.isEmpty || rest.first == " " else { return nil }
        var text = String(rest).trimmingSpaces
        // A closing sequence of #s is dropped when a space precedes it ("## Title ##").
        let closing = text.reversed().prefix { $0 == "#" }.count
        if closing > 0 {
            let body = text.dropLast(closing)
            if body.isEmpty || body.hasSuffix(" ") { text = String(body).trimmingSpaces }
        }
        return .heading(level: level, text: text)
    }

    private func isThematicBreak(_ line: String) -> Bool {
        guard line.leadingSpaces <= 3 else { return false }
        let marks = line.filter { $0 != " " }
        guard let first = marks.first, "-*_".contains(first), marks.count >= 3 else { return false }
        return marks.allSatisfy { $0 == first }
    }

    private mutating func fencedCode(_ fence: Fence) -> MarkdownBlock {
        index += 1
        var body: [String] = []
        while index < lines.count {
            let line = lines[index]
            index += 1
            if let closing = Fence(line), closing.character == fence.character, closing.length >= fence.length,
               closing.info.isEmpty {
                break
            }
            body.append(line.droppingLeadingSpaces(upTo: fence.indent))
        }
        return .code(language: fence.info.split(separator: " ").first.map(String.init) ?? "",
                     text: body.joined(separator: "\n"))
    }

    private mutating func indentedCode() -> MarkdownBlock {
        var body: [String] = []
        while index < lines.count, lines[index].leadingSpaces >= 4 || lines[index].isBlank {
            body.append(lines[index].droppingLeadingSpaces(upTo: 4))
            index += 1
        }
        while body.last?.isBlank == true { body.removeLast() }
        return .code(language: "", text: body.joined(separator: "\n"))
    }

    private mutating func paragraph() -> MarkdownBlock {
        var text: [String] = [lines[index].trimmingSpaces]
        index += 1
        while index < lines.count {
            let line = lines[index]
            if line.isBlank || Fence(line) != nil || atxHeading(line) != nil || line.trimmedLeading.hasPrefix(">") {
                break
            }
            // A line of = or - under a paragraph makes it a heading (setext form).
            let marks = line.trimmingSpaces
            if !marks.isEmpty, marks.allSatisfy({ $0 == "=" }) || marks.allSatisfy({ $0 == "-" }) {
                index += 1
                return .heading(level: marks.first == "=" ? 1 : 2, text: text.joined(separator: "\n"))
            }
            if isThematicBreak(line) { break }
            if let marker = ListMarker(line), !marker.content.isBlank, marker.start == nil || marker.start == 1 {
                break
            }
            if index + 1 < lines.count, line.contains("|"), TableDelimiter(lines[index + 1]) != nil { break }
            text.append(line.trimmingSpaces)
            index += 1
        }
        return .paragraph(text.joined(separator: "\n"))
    }

    // MARK: Tables

    private mutating func table() -> MarkdownBlock? {
        guard index + 1 < lines.count, lines[index].contains("|"),
              let delimiter = TableDelimiter(lines[index + 1]) else { return nil }
        let header = tableCells(lines[index])
        guard header.count == delimiter.alignments.count else { return nil }
        index += 2
        var rows: [[String]] = []
        while index < lines.count, !lines[index].isBlank, lines[index].contains("|") {
            var cells = tableCells(lines[index])
            // Rows are cut or padded to the header's width, as GitHub does.
            if cells.count > header.count { cells = Array(cells.prefix(header.count)) }
            while cells.count < header.count { cells.append("") }
            rows.append(cells)
            index += 1
        }
        return .table(header: header, alignments: delimiter.alignments, rows: rows)
    }

    // MARK: Containers

    private mutating func quote() -> MarkdownBlock {
        var inner: [String] = []
        while index < lines.count, !lines[index].isBlank {
            var line = lines[index].trimmedLeading
            if line.hasPrefix(">") {
                line.removeFirst()
                if line.hasPrefix(" ") { line.removeFirst() }
            }
            inner.append(line)
            index += 1
        }
        return .quote(MarkdownParser.parse(inner.joined(separator: "\n")))
    }

    /// A list: consecutive items of the same kind. An item owns the lines indented at least to its content column;
    /// a blank line between items makes the list loose.
    private mutating func list() -> MarkdownBlock {
        guard let first = ListMarker(lines[index]) else { return .paragraph(lines[index]) }
        var items: [[MarkdownBlock]] = []
        var tight = true
        while index < lines.count, let marker = ListMarker(lines[index]), marker.sameKind(as: first) {
            var body = [marker.content]
            index += 1
            var sawBlank = false
            while index < lines.count {
                let line = lines[index]
                if line.isBlank {
                    sawBlank = true
                    body.append("")
                    index += 1
                    continue
                }
                if line.leadingSpaces >= marker.contentIndent {
                    body.append(line.droppingLeadingSpaces(upTo: marker.contentIndent))
                } else if !sawBlank, ListMarker(line) == nil, !isThematicBreak(line),
                          atxHeading(line) == nil, Fence(line) == nil {
                    body.append(line.trimmingSpaces)  // lazy continuation of the item's paragraph
                } else {
                    break
                }
                sawBlank = false
                index += 1
            }
            // Blank lines inside the item (between its own blocks) make the list loose; trailing ones only do
            // when another item follows.
            while body.last?.isBlank == true { body.removeLast() }
            if body.contains(where: \.isBlank) { tight = false }
            if sawBlank, index < lines.count, let next = ListMarker(lines[index]), next.sameKind(as: first) {
                tight = false
            }
            items.append(MarkdownParser.parse(body.joined(separator: "\n")))
        }
        return .list(start: first.start, tight: tight, items: items)
    }

    private func tableCells(_ line: String) -> [String] {
        var text = line.trimmingSpaces
        if text.hasPrefix("|") { text.removeFirst() }
        if text.hasSuffix("|") && !text.hasSuffix("\\|") { text.removeLast() }
        var cells: [String] = [], current = "", escaped = false, inCode = false
        for character in text {
            if escaped { current.append(character == "|" ? "|" : "\\" + String(character)); escaped = false; continue }
            if character == "\\" { escaped = true; continue }
            if character == "`" { inCode.toggle() }
            if character == "|" && !inCode { cells.append(current.trimmingSpaces); current = ""; continue }
            current.append(character)
        }
        if escaped { current.append("\\") }
        cells.append(current.trimmingSpaces)
        return cells
    }
}
