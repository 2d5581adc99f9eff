/// Turns source bytes into tokens. It never prints and never throws: text it cannot read becomes an
/// `.error` token that the parser reports like any other mistake.
///
/// Newlines end statements, except inside `( … )` and `[ … ]`, where an expression may span lines, and after a
/// binary operator (`x = 1 +` continues on the next line).
public struct Scanner {
    private let bytes: [UInt8]
    private let end: Int
    private var current: Int
    private var start: Int
    /// Open `(`/`[` (true) and `{` (false), innermost last: newlines count only when the innermost is a brace.
    private var brackets: [Bool] = []
    /// The last token made, to let a line ending in a binary operator continue on the next line.
    private var previous: TokenKind?

    public init(_ source: Source) { self.init(source.bytes, from: 0, to: source.bytes.count) }

    /// Scans only `bytes[from..<to]`, keeping offsets relative to the whole source (for interpolated code).
    init(_ bytes: [UInt8], from: Int, to: Int) {
        self.bytes = bytes
        self.end = to
        self.current = from
        self.start = from
    }

    public mutating func scanAll() -> [Token] {
        var tokens: [Token] = []
        while true {
            let token = next()
            tokens.append(token)
            if token.kind == .endOfInput { return tokens }
        }
    }

    public mutating func next() -> Token {
        skipBlanksAndComments()
        start = current
        guard current < end else { return make(.endOfInput) }
        let c = advance()
        switch c {
        case ascii("\n"):
            if brackets.last == true || previous?.continuesLine == true { return next() }
            return make(.newline)
        case ascii("("): brackets.append(true); return make(.leftParen)
        case ascii(")"): _ = brackets.popLast(); return make(.rightParen)
        case ascii("["): brackets.append(true); return make(.leftBracket)
        case ascii("]"): _ = brackets.popLast(); return make(.rightBracket)
        case ascii("{"): brackets.append(false); return make(.leftBrace)
        case ascii("}"): _ = brackets.popLast(); return make(.rightBrace)
        case ascii(","): return make(.comma)
        case ascii(":"): return make(.colon)
        case ascii(";"): return make(.semicolon)
        case ascii("+"): return make(.plus)
        case ascii("-"): return make(.minus)
        case ascii("*"): return make(match("*") ? .starStar : .star)
        case ascii("/"): return make(.slash)
        case ascii("%"): return make(.percent)
        case ascii("="): return make(match("=") ? .equalEqual : .equal)
        case ascii("!"): return make(match("=") ? .bangEqual : .bang)
        case ascii("<"): return make(match("=") ? .lessEqual : .less)
        case ascii(">"): return make(match("=") ? .greaterEqual : .greater)
        case ascii("."):
            if peek() == ascii("."), peek(1) == ascii("<") { current += 2; return make(.halfOpenRange) }
            if peek() == ascii("."), peek(1) == ascii(".") { current += 2; return make(.closedRange) }
            if isDigit(peek()) { return number() }
            return make(.dot)
        case ascii("\""): return string()
        default:
            if isDigit(c) { return number() }
            if isIdentifierStart(c) { return identifier() }
            // Swallow the rest of a multi-byte character so the error covers all of it.
            while current < end, bytes[current] & 0xC0 == 0x80 { current += 1 }
            let text = String(decoding: bytes[start..<current], as: UTF8.self)
            return make(.error("unexpected character '\(text)'", atEndOfInput: false))
        }
    }

    private mutating func skipBlanksAndComments() {
        while current < end {
            switch bytes[current] {
            case ascii(" "), ascii("\t"), ascii("\r"): current += 1
            case ascii("#"): while current < end, bytes[current] != ascii("\n") { current += 1 }
            default: return
            }
        }
    }

    private mutating func number() -> Token {
        while isDigit(peek()) || peek() == ascii("_") { current += 1 }
        // A fraction needs a digit after the dot, so `0..<10` stays a range.
        if peek() == ascii("."), isDigit(peek(1)) {
            current += 1
            while isDigit(peek()) || peek() == ascii("_") { current += 1 }
        }
        if peek() == ascii("e") || peek() == ascii("E") {
            let sign = peek(1) == ascii("+") || peek(1) == ascii("-") ? 1 : 0
            if isDigit(peek(1 + sign)) {
                current += 1 + sign
                while isDigit(peek()) { current += 1 }
            }
        }
        if isIdentifierStart(peek()) {
            while isIdentifierPart(peek()) { current += 1 }
            let text = String(decoding: bytes[start..<current], as: UTF8.self)
            return make(.error("malformed number '\(text)'", atEndOfInput: false))
        }
        let text = String(decoding: bytes[start..<current].filter { $0 != ascii("_") }, as: UTF8.self)
        return make(.number(Double(text) ?? .nan))
    }

    private mutating func identifier() -> Token {
        while isIdentifierPart(peek()) { current += 1 }
        let text = String(decoding: bytes[start..<current], as: UTF8.self)
        return make(keywords[text] ?? .identifier(text))
    }

    /// A double-quoted string on one line, with escapes `\n \t \" \\` and interpolation `\( expression )`.
    private mutating func string() -> Token {
        var segments: [StringSegment] = []
        var text: [UInt8] = []
        while current < end, bytes[current] != ascii("\"") {
            let c = bytes[current]
            if c == ascii("\n") { break }
            current += 1
            guard c == ascii("\\") else { text.append(c); continue }
            guard current < end else { break }
            let escaped = bytes[current]
            current += 1
            switch escaped {
            case ascii("n"): text.append(ascii("\n"))
            case ascii("t"): text.append(ascii("\t"))
            case ascii("\""), ascii("\\"): text.append(escaped)
            case ascii("("):
                let codeStart = current
                guard let codeEnd = skipInterpolation() else {
                    return make(.error("unterminated interpolation '\\(' in string", atEndOfInput: current >= end))
                }
                if !text.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))); text = [] }
                segments.append(.code(Span(codeStart, codeEnd)))
            default:
                let at = current - 2
                let bad = String(decoding: bytes[at..<current], as: UTF8.self)
                return Token(kind: .error("unknown escape '\(bad)' in string; use \\n, \\t, \\\", \\\\ or \\( )",
                                          atEndOfInput: false), span: Span(at, current))
            }
        }
        guard current < end, bytes[current] == ascii("\"") else {
            return make(.error("unterminated string", atEndOfInput: false))
        }
        current += 1
        if !text.isEmpty || segments.isEmpty { segments.append(.text(String(decoding: text, as: UTF8.self))) }
        return make(.string(segments))
    }

    /// Moves past the code of an interpolation up to its closing `)`; returns where the code ends.
    private mutating func skipInterpolation() -> Int? {
        var depth = 1
        while current < end, bytes[current] != ascii("\n") {
            let c = bytes[current]
            current += 1
            if c == ascii("(") { depth += 1 }
            if c == ascii(")") { depth -= 1; if depth == 0 { return current - 1 } }
            if c == ascii("\"") {  // a nested string literal: skip it whole
                while current < end, bytes[current] != ascii("\""), bytes[current] != ascii("\n") {
                    current += bytes[current] == ascii("\\") ? 2 : 1
                }
                current += 1
            }
        }
        return nil
    }

    private mutating func advance() -> UInt8 { current += 1; return bytes[current - 1] }
    private func peek(_ ahead: Int = 0) -> UInt8 { current + ahead < end ? bytes[current + ahead] : 0 }
    private mutating func match(_ expected: Unicode.Scalar) -> Bool {
        guard peek() == UInt8(ascii: expected) else { return false }
        current += 1
        return true
    }
    private mutating func make(_ kind: TokenKind) -> Token {
        previous = kind
        return Token(kind: kind, span: Span(start, current))
    }
}

@inline(__always) private func ascii(_ scalar: Unicode.Scalar) -> UInt8 { UInt8(ascii: scalar) }
@inline(__always) private func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }
@inline(__always) func isIdentifierStart(_ c: UInt8) -> Bool {
    (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c == 95
}
@inline(__always) func isIdentifierPart(_ c: UInt8) -> Bool { isIdentifierStart(c) || isDigit(c) }
