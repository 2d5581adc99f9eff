import CamLabPlot

/// Renders Markdown inline text as HTML: code spans, emphasis and strong emphasis, links, images, autolinks,
/// backslash escapes and hard line breaks. Everything else, raw HTML included, is escaped, so prose can never
/// inject markup into a report.
enum MarkdownInline {
    static func html(_ text: String) -> String {
        var renderer = Renderer(Array(text))
        return renderer.render(until: nil)
    }

    /// The text a reader sees, without markup: for heading anchors and image alt text.
    static func plainText(_ text: String) -> String {
        var out = ""
        var inTag = false
        for character in html(text) {
            if character == "<" { inTag = true } else if character == ">" { inTag = false } else if !inTag {
                out.append(character)
            }
        }
        return out.replacing("&lt;", with: "<").replacing("&gt;", with: ">")
            .replacing("&quot;", with: "\"").replacing("&#39;", with: "'")
            .replacing("&amp;", with: "&")
    }

    /// Only web, mail and relative links are kept: `javascript:` and other schemes render as plain text.
    static func isSafeURL(_ url: String) -> Bool {
        let lower = url.lowercased()
        guard let colon = lower.firstIndex(of: ":") else { return true }
        let scheme = lower[..<colon]
        if scheme.contains("/") || scheme.contains("?") || scheme.contains("#") { return true }
        return ["http", "https", "mailto"].contains(String(scheme))
    }

    private struct Renderer {
        let chars: [Character]
        var position = 0

        init(_ chars: [Character]) { self.chars = chars }

        /// Renders from `position` until the delimiter run `closer` (consumed) or the end.
        mutating func render(until closer: String?) -> String {
            var out = ""
            while position < chars.count {
                if let closer, matchesCloser(closer) {
                    position += closer.count
                    return out
                }
                let c = chars[position]
                switch c {
                case "\\":
                    if position + 1 < chars.count, chars[position + 1] == "\n" {
                        out += "<br>\n"; position += 2
                    } else if position + 1 < chars.count, chars[position + 1].isASCII,
                              chars[position + 1].isPunctuation || chars[position + 1].isSymbol {
                        out += escape(String(chars[position + 1])); position += 2
                    } else {
                        out += "\\"; position += 1
                    }
                case "`":
                    out += codeSpan()
                case "!" where peek(1) == "[":
                    out += link(image: true)
                case "[":
                    out += link(image: false)
                case "<":
                    out += autolink()
                case "*", "_":
                    out += emphasis()
                case " " where peek(1) == " " && trailingSpacesEndLine():
                    while position < chars.count, chars[position] == " " { position += 1 }
                    out += "<br>"
                default:
                    out += escape(String(c)); position += 1
                }
            }
            return out
        }

        func peek(_ offset: Int) -> Character? {
            position + offset < chars.count ? chars[position + offset] : nil
        }

        func trailingSpacesEndLine() -> Bool {
            var i = position
            while i < chars.count, chars[i] == " " { i += 1 }
            return i < chars.count && chars[i] == "\n"
        }

        /// A closing delimiter run ends emphasis only when it is not preceded by whitespace (right-flanking).
        func matchesCloser(_ closer: String) -> Bool {
            let run = Array(closer)
            guard position + run.count <= chars.count, Array(chars[position..<(position + run.count)]) == run,
                  position > 0, !chars[position - 1].isWhitespace else { return false }
            // "_" must not close inside a word (snake_case names in prose stay intact).
            if run[0] == "_", position + run.count < chars.count, chars[position + run.count].isLetterOrDigit {
                return false
            }
            return true
        }

        mutating func codeSpan() -> String {
            let length = runLength(from: position, of: "`")
            var search = position + length
            while search < chars.count {
                if chars[search] == "`" {
                    let closing = runLength(from: search, of: "`")
                    if closing == length {
                        var content = String(chars[(position + length)..<search]).replacing("\n", with: " ")
                        if content.count >= 2, content.first == " ", content.last == " ",
                           !content.allSatisfy({ $0 == " " }) {
                            content = String(content.dropFirst().dropLast())
                        }
                        position = search + length
                        return "<code>" + escape(content) + "</code>"
                    }
                    search += closing
                } else {
                    search += 1
                }
            }
            position += length
            return String(repeating: "`", count: length)
        }

        func runLength(from start: Int, of character: Character) -> Int {
            var end = start
            while end < chars.count, chars[end] == character { end += 1 }
            return end - start
        }

        /// `*text*`, `_text_`, `**text**`, `__text__`: an opening run must be followed by non-space and have a
        /// matching closer later; otherwise the characters are literal.
        mutating func emphasis() -> String {
            let c = chars[position]
            let length = min(runLength(from: position, of: c), 3)
            let after = position + length < chars.count ? chars[position + length] : " "
            let before: Character = position > 0 ? chars[position - 1] : " "
            let opens = !after.isWhitespace && !(c == "_" && before.isLetterOrDigit)
            let delimiter = String(repeating: String(c), count: length == 3 ? 2 : length)
            guard opens, hasCloser(delimiter, from: position + delimiter.count) else {
                let run = runLength(from: position, of: c)
                position += run
                return String(repeating: String(c), count: run)
            }
            position += delimiter.count
            let inner = render(until: delimiter)
            return delimiter.count == 2 ? "<strong>" + inner + "</strong>" : "<em>" + inner + "</em>"
        }

        func hasCloser(_ delimiter: String, from start: Int) -> Bool {
            let run = Array(delimiter)
            var i = start + 1
            while i + run.count <= chars.count {
                if chars[i] == "`" {  // code spans hide delimiters
                    let length = runLength(from: i, of: "`")
                    var j = i + length
                    while j < chars.count, !(chars[j] == "`" && runLength(from: j, of: "`") == length) { j += 1 }
                    i = j < chars.count ? j + length : i + length
                    continue
                }
                if Array(chars[i..<(i + run.count)]) == run, !chars[i - 1].isWhitespace,
                   !(run[0] == "_" && i + run.count < chars.count && chars[i + run.count].isLetterOrDigit) {
                    return true
                }
                i += 1
            }
            return false
        }

        /// `[text](url "title")` or `![alt](src)`; anything that does not parse as a link stays literal.
        mutating func link(image: Bool) -> String {
            let open = position + (image ? 1 : 0)
            var depth = 0, close = -1, i = open
            while i < chars.count {
                if chars[i] == "\\" { i += 2; continue }
                if chars[i] == "[" { depth += 1 }
                if chars[i] == "]" { depth -= 1; if depth == 0 { close = i; break } }
                i += 1
            }
            guard close > 0, close + 1 < chars.count, chars[close + 1] == "(",
                  let end = chars[(close + 2)...].firstIndex(of: ")") else {
                position += image ? 2 : 1
                return image ? "![" : "["
            }
            let inside = String(chars[(close + 2)..<end]).trimmingSpaces
            var url = inside, title = ""
            if let space = inside.firstIndex(of: " ") {
                url = String(inside[..<space])
                title = String(inside[space...]).trimmingSpaces
                if title.count >= 2, let q = title.first, q == "\"" || q == "'", title.last == q {
                    title = String(title.dropFirst().dropLast())
                }
            }
            if url.hasPrefix("<") && url.hasSuffix(">") { url = String(url.dropFirst().dropLast()) }
            let label = String(chars[(open + 1)..<close])
            position = end + 1
            var labelRenderer = Renderer(Array(label))
            let labelHTML = labelRenderer.render(until: nil)
            guard MarkdownInline.isSafeURL(url) else { return labelHTML }
            let titleAttribute = title.isEmpty ? "" : " title=\"\(escape(title))\""
            if image {
                return "<img src=\"\(escape(url))\" alt=\"\(escape(MarkdownInline.plainText(label)))\"\(titleAttribute)>"
            }
            return "<a href=\"\(escape(url))\"\(titleAttribute)>\(labelHTML)</a>"
        }

        /// `<https://example.org>` and `<mailto:a@b.c>` become links; any other `<` is escaped text.
        mutating func autolink() -> String {
            if let end = chars[position...].firstIndex(of: ">") {
                let inside = String(chars[(position + 1)..<end])
                let lower = inside.lowercased()
                if !inside.contains(" "), lower.hasPrefix("http://") || lower.hasPrefix("https://")
                    || lower.hasPrefix("mailto:") {
                    position = end + 1
                    let shown = lower.hasPrefix("mailto:") ? String(inside.dropFirst(7)) : inside
                    return "<a href=\"\(escape(inside))\">\(escape(shown))</a>"
                }
            }
            position += 1
            return "&lt;"
        }

        func escape(_ text: String) -> String { htmlEscape(text) }
    }
}

/// Escapes `&`, `<`, `>`, `"` and `'` for HTML text and attribute values.
public func htmlEscape(_ text: String) -> String { xmlEscape(text) }

private extension Character {
    var isLetterOrDigit: Bool { isLetter || isNumber }
}
