/// Colours CamLab source for reports. It has its own tolerant tokenizer rather than the language's scanner, because
/// it must colour any text — a cell with an unterminated string or a stray character is highlighted as far as it
/// reads, never rejected.
public enum SyntaxHighlighter {
    /// What a piece of source is, named after the CSS class it gets (`tok-keyword`, …).
    public enum Kind: String, Sendable, Equatable {
        case keyword, constant, string, interpolation, escape, number, comment, label, function, `operator`,
             punctuation, identifier, space
    }

    public struct Token: Equatable, Sendable {
        public let kind: Kind
        public let text: String
        /// For `.interpolation`: the tokens of the code inside `\( … )`.
        public let inner: [Token]

        init(_ kind: Kind, _ text: String, inner: [Token] = []) {
            self.kind = kind
            self.text = text
            self.inner = inner
        }
    }

    /// The language's keywords; `true`, `false` and `none` are coloured as constants.
    public static let keywords: Set<String> = ["if", "else", "for", "in", "while", "func", "return", "break",
                                                "continue", "and", "or", "not"]
    public static let constants: Set<String> = ["true", "false", "none"]

    /// `source` split into tokens whose texts concatenate back to `source` exactly.
    public static func tokens(_ source: String) -> [Token] {
        var lexer = Lexer(Array(source))
        return lexer.tokens(untilParen: false)
    }

    /// `source` as HTML: each token in a `<span class="tok-…">`, whitespace and plain names unwrapped, every text
    /// escaped.
    public static func html(_ source: String) -> String { html(tokens(source)) }

    static func html(_ tokens: [Token]) -> String {
        var out = ""
        for token in tokens {
            switch token.kind {
            case .string where !token.inner.isEmpty:
                out += html(token.inner)
            case .space, .identifier, .punctuation:
                out += htmlEscape(token.text)
            case .interpolation:
                // "\(" and ")" keep the string's colour; the code between is coloured as code.
                out += "<span class=\"tok-escape\">\\(</span>" + html(token.inner)
                    + (token.text.hasSuffix(")") ? "<span class=\"tok-escape\">)</span>" : "")
            default:
                out += "<span class=\"tok-\(token.kind.rawValue)\">\(htmlEscape(token.text))</span>"
            }
        }
        return out
    }

    private struct Lexer {
        let chars: [Character]
        var position = 0

        init(_ chars: [Character]) { self.chars = chars }

        func peek(_ offset: Int = 0) -> Character? {
            position + offset < chars.count ? chars[position + offset] : nil
        }

        /// Tokens up to the end, or (inside an interpolation) up to the `)` that closes it, which is not consumed.
        mutating func tokens(untilParen: Bool) -> [Token] {
            var out: [Token] = []
            var depth = 0
            while let c = peek() {
                if untilParen && c == ")" && depth == 0 { break }
                if untilParen && c == "\n" { break }
                if c == "(" { depth += 1 }
                if c == ")" { depth -= 1 }
                out.append(next(previous: out.last { $0.kind != .space }))
            }
            return out
        }

        mutating func next(previous: Token?) -> Token {
            let c = chars[position]
            if c == " " || c == "\t" || c == "\n" || c == "\r" {
                return Token(.space, take { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" })
            }
            if c == "#" { return Token(.comment, take { $0 != "\n" }) }
            if c == "\"" { return string() }
            if c.isNumber || (c == "." && (peek(1)?.isNumber ?? false) && previous?.kind != .identifier) {
                return number()
            }
            if c.isLetter || c == "_" {
                let word = take { $0.isLetter || $0.isNumber || $0 == "_" }
                if keywords.contains(word) { return Token(.keyword, word) }
                if constants.contains(word) { return Token(.constant, word) }
                var lookahead = position
                while lookahead < chars.count, chars[lookahead] == " " { lookahead += 1 }
                let following = lookahead < chars.count ? chars[lookahead] : nil
                // A name before ":" is an argument label (`epochs: 5`); before "(" it is being called.
                if following == ":" && previous?.text != "?" { return Token(.label, word) }
                if following == "(" && previous?.text != "." { return Token(.function, word) }
                return Token(.identifier, word)
            }
            if "+-*/%=!<>.".contains(c) {
                return Token(.operator, take(max: 3) { "+-*/%=!<>.".contains($0) })
            }
            position += 1
            return Token(.punctuation, String(c))
        }

        mutating func take(max: Int = .max, while keep: (Character) -> Bool) -> String {
            let start = position
            while position < chars.count, position - start < max, keep(chars[position]) { position += 1 }
            return String(chars[start..<position])
        }

        mutating func number() -> Token {
            let start = position
            _ = take { $0.isNumber || $0 == "_" }
            if peek() == ".", peek(1)?.isNumber ?? false {
                position += 1
                _ = take { $0.isNumber || $0 == "_" }
            }
            if let e = peek(), e == "e" || e == "E" {
                let sign = peek(1) == "-" || peek(1) == "+" ? 1 : 0
                if peek(1 + sign)?.isNumber ?? false {
                    position += 1 + sign
                    _ = take { $0.isNumber }
                }
            }
            return Token(.number, String(chars[start..<position]))
        }

        /// A string on one line. Escapes and `\( … )` interpolations are separate tokens, so the string is a
        /// sequence: this returns the opening part and leaves the rest to be read as more string tokens.
        mutating func string() -> Token {
            var parts: [Token] = []
            var text = String(chars[position])
            position += 1
            func flush() { if !text.isEmpty { parts.append(Token(.string, text)); text = "" } }
            while let c = peek(), c != "\n" {
                if c == "\\" && peek(1) == "(" {
                    flush()
                    position += 2
                    let inner = tokens(untilParen: true)
                    var raw = "\\(" + inner.map(\.text).joined()
                    if peek() == ")" { raw += ")"; position += 1 }
                    parts.append(Token(.interpolation, raw, inner: inner))
                    continue
                }
                if c == "\\", let escaped = peek(1), escaped != "\n" {
                    flush()
                    parts.append(Token(.escape, "\\" + String(escaped)))
                    position += 2
                    continue
                }
                text.append(c)
                position += 1
                if c == "\"" { break }
            }
            flush()
            if parts.count == 1 { return parts[0] }
            return Token(.string, parts.map(\.text).joined(), inner: parts)
        }
    }
}
