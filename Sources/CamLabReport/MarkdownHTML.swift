/// Renders Markdown as HTML. Headings get `id`s from their text ("Training the network" → `training-the-network`),
/// unique within one renderer, so a report's sections can be linked to.
public struct MarkdownHTML {
    private var usedIDs: [String: Int] = [:]
    /// Highlights fenced code whose language is `camlab` or `dsl` (or unnamed); other code is only escaped.
    public var highlight: (String) -> String = { SyntaxHighlighter.html($0) }

    public init() {}

    /// The HTML of `markdown`.
    public mutating func render(_ markdown: String) -> String {
        render(blocks: MarkdownParser.parse(markdown), tight: false)
    }

    private mutating func render(blocks: [MarkdownBlock], tight: Bool) -> String {
        var out = ""
        for block in blocks {
            switch block {
            case .heading(let level, let text):
                out += "<h\(level) id=\"\(anchor(for: text))\">\(MarkdownInline.html(text))</h\(level)>\n"
            case .paragraph(let text):
                out += tight ? MarkdownInline.html(text) + "\n" : "<p>\(MarkdownInline.html(text))</p>\n"
            case .code(let language, let text):
                let lower = language.lowercased()
                if ["", "camlab", "dsl"].contains(lower) && !text.isEmpty {
                    out += "<pre class=\"code\"><code>\(highlight(text))</code></pre>\n"
                } else {
                    let cls = language.isEmpty ? "" : " class=\"language-\(htmlEscape(language))\""
                    out += "<pre class=\"code\"><code\(cls)>\(htmlEscape(text))</code></pre>\n"
                }
            case .list(let start, let isTight, let items):
                let open = start.map { $0 == 1 ? "<ol>" : "<ol start=\"\($0)\">" } ?? "<ul>"
                out += open + "\n"
                for item in items { out += "<li>" + render(blocks: item, tight: isTight) + "</li>\n" }
                out += start == nil ? "</ul>\n" : "</ol>\n"
            case .quote(let inner):
                out += "<blockquote>\n" + render(blocks: inner, tight: false) + "</blockquote>\n"
            case .table(let header, let alignments, let rows):
                out += table(header: header, alignments: alignments, rows: rows)
            case .rule:
                out += "<hr>\n"
            }
        }
        return out
    }

    /// Tables sit in a scrolling wrapper so a wide table scrolls sideways instead of widening the page.
    private func table(header: [String], alignments: [String], rows: [[String]]) -> String {
        func cell(_ tag: String, _ text: String, _ column: Int) -> String {
            let align = column < alignments.count && !alignments[column].isEmpty
                ? " style=\"text-align:\(alignments[column])\"" : ""
            return "<\(tag)\(align)>\(MarkdownInline.html(text))</\(tag)>"
        }
        var out = "<div class=\"table-scroll\"><table>\n<thead><tr>"
        out += header.enumerated().map { cell("th", $0.element, $0.offset) }.joined() + "</tr></thead>\n<tbody>\n"
        for row in rows { out += "<tr>" + row.enumerated().map { cell("td", $0.element, $0.offset) }.joined() + "</tr>\n" }
        return out + "</tbody></table></div>\n"
    }

    /// A lowercase, hyphenated slug of the heading's visible text, made unique with "-2", "-3", ….
    private mutating func anchor(for text: String) -> String {
        var slug = ""
        for character in MarkdownInline.plainText(text).lowercased() {
            if character.isLetter || character.isNumber { slug.append(character) } else if !slug.hasSuffix("-") {
                slug.append("-")
            }
        }
        while slug.hasSuffix("-") { slug.removeLast() }
        while slug.hasPrefix("-") { slug.removeFirst() }
        if slug.isEmpty { slug = "section" }
        let seen = usedIDs[slug, default: 0]
        usedIDs[slug] = seen + 1
        return htmlEscape(seen == 0 ? slug : "\(slug)-\(seen + 1)")
    }
}
