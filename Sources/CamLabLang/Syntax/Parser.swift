/// A recursive-descent parser: one method per grammar rule, in order of increasing precedence.
///
///     program    → statement* EOF
///     statement  → function | if | for | while | return | break | continue | simple
///     simple     → expression ("," expression)* ("=" expression ("," expression)*)?
///     function   → "func" NAME "(" (NAME ("=" expression)?) ,* ")" block
///     if         → "if" expression block ("else" (if | block))?
///     for        → "for" target "in" expression block
///     block      → "{" statement* "}"
///     expression → or;  or → and ("or" and)*;  and → not ("and" not)*;  not → ("not" | "!") not | comparison
///     comparison → range (("==" | "!=" | "<" | "<=" | ">" | ">=") range)?
///     range      → additive (("..<" | "...") additive)?
///     additive   → multiplicative (("+" | "-") multiplicative)*
///     multiplicative → unary (("*" | "/" | "%") unary)*
///     unary      → "-" unary | power;  power → postfix ("**" unary)?
///     postfix    → primary ("(" arguments ")" | "." NAME | "[" index "]")*
///     primary    → NUMBER | STRING | "true" | "false" | "none" | NAME | "(" tuple ")" | "[" list "]"
///
/// After a mistake it reports one diagnostic and skips to the next statement (`synchronize`), so one typo
/// yields one error.
public struct Parser {
    let source: Source
    private(set) var tokens: [Token]
    var current = 0
    public internal(set) var diagnostics: [Diagnostic] = []
    /// Expression rules currently open that recurse (brackets, unary operators); see `enter`.
    var nesting = 0
    /// Compound statements (if, for, while, func) currently open; see `enterBlock`.
    var blockNesting = 0

    /// Deepest nesting of brackets and operators in an expression, and of blocks in a program. The parser and
    /// the interpreter recurse once per level; without a limit a pathological program would overflow the stack.
    static let maxDepth = 200

    struct ParseError: Error {}

    public init(_ source: Source) {
        self.source = source
        var scanner = Scanner(source)
        self.tokens = scanner.scanAll()
    }

    init(source: Source, tokens: [Token]) {
        self.source = source
        self.tokens = tokens
    }

    /// Parses a whole program; check `diagnostics` afterwards.
    public mutating func parseProgram() -> [Stmt] {
        var statements: [Stmt] = []
        skipSeparators()
        while !isAtEnd {
            if let statement = declarationOrRecover() { statements.append(statement) }
            skipSeparators()
        }
        return statements
    }

    /// Parses `source`, returning the statements or the diagnostics.
    public static func parse(_ source: Source) -> Result<[Stmt], ParseFailure> {
        var parser = Parser(source)
        let program = parser.parseProgram()
        return parser.diagnostics.isEmpty ? .success(program) : .failure(ParseFailure(diagnostics: parser.diagnostics))
    }

    // MARK: Helpers

    var peek: Token { tokens[current] }
    var peekNext: Token { tokens[min(current + 1, tokens.count - 1)] }
    var previous: Token { tokens[max(current - 1, 0)] }
    var isAtEnd: Bool { peek.kind == .endOfInput }

    func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    func checkPastNewlines(_ kind: TokenKind) -> Bool {
        var i = current
        while tokens[i].kind == .newline { i += 1 }
        return tokens[i].kind == kind
    }

    mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func advance() -> Token {
        if !isAtEnd { current += 1 }
        return previous
    }

    @discardableResult
    mutating func consume(_ kind: TokenKind, _ expected: String) throws -> Token {
        if check(kind) { return advance() }
        if case .error(let message, _) = peek.kind { throw error(message, at: peek) }
        throw error("expected \(expected), found \(peek.kind.readable)", at: peek)
    }

    /// Like `consume`, but when the input ends first it blames the unclosed opening bracket, the way
    /// Python says "'(' was never closed".
    @discardableResult
    mutating func consumeClosing(_ kind: TokenKind, opener: Token, _ expected: String) throws -> Token {
        if isAtEnd {
            throw record(Diagnostic(.syntax, "\(opener.kind.readable) was never closed", span: opener.span,
                                    in: source, atEndOfInput: true))
        }
        return try consume(kind, expected)
    }

    mutating func consumeName(_ expected: String) throws -> String {
        if case .identifier(let name) = peek.kind { advance(); return name }
        throw error("expected \(expected), found \(peek.kind.readable)", at: peek)
    }

    /// Opens one level of nesting; pair with `defer { nesting -= 1 }`.
    mutating func enter(at token: Token) throws {
        guard nesting < Self.maxDepth else {
            throw error("expression nested too deeply (more than \(Self.maxDepth) levels)", at: token)
        }
        nesting += 1
    }

    /// Opens one compound statement; pair with `defer { blockNesting -= 1 }`.
    mutating func enterBlock(at token: Token) throws {
        guard blockNesting < Self.maxDepth else {
            throw error("block nested too deeply (more than \(Self.maxDepth) levels)", at: token)
        }
        blockNesting += 1
    }

    /// Refuses a tree built by a loop (`a + b + c …`, `f()()…`) once it is deeper than `maxDepth`, before it
    /// grows further.
    mutating func limited(_ expr: Expr) throws -> Expr {
        guard expr.depth <= Self.maxDepth else {
            throw error("expression nested too deeply (more than \(Self.maxDepth) levels); "
                        + "split it with intermediate variables", at: previous)
        }
        return expr
    }

    mutating func skipSeparators() { while check(.newline) || check(.semicolon) { advance() } }
    mutating func skipNewlines() { while check(.newline) { advance() } }

    mutating func error(_ message: String, at token: Token) -> ParseError {
        var atEnd = token.kind == .endOfInput
        var message = message
        // Text the scanner could not read is the real problem, whatever the parser expected there.
        if case .error(let scannerMessage, let scannerAtEnd) = token.kind { atEnd = scannerAtEnd; message = scannerMessage }
        if atEnd && token.kind == .endOfInput { message = message.replacingEnd() }
        return record(Diagnostic(.syntax, message, span: token.span, in: source, atEndOfInput: atEnd))
    }

    mutating func error(_ message: String, at span: Span) -> ParseError {
        record(Diagnostic(.syntax, message, span: span, in: source))
    }

    mutating func record(_ diagnostic: Diagnostic) -> ParseError {
        // One mistake, one error: later errors in the same statement are consequences of the first.
        diagnostics.append(diagnostic)
        return ParseError()
    }

    /// Skips to the start of the next statement after an error.
    mutating func synchronize() {
        while !isAtEnd {
            switch peek.kind {
            case .newline, .semicolon: advance(); return
            case .rightBrace, .func, .if, .for, .while, .return: return
            default: advance()
            }
        }
    }
}

/// The diagnostics of a program that did not parse.
public struct ParseFailure: Error, Sendable {
    public let diagnostics: [Diagnostic]
    /// True when the only problem is that the input stopped early: the REPL should read another line.
    public var isIncomplete: Bool { diagnostics.first?.atEndOfInput == true }
}

private extension String {
    /// "expected ')' …, found end of input" reads better as "unexpected end of input; expected ')' …".
    func replacingEnd() -> String {
        let suffix = ", found end of input"
        guard hasPrefix("expected "), hasSuffix(suffix) else { return self }
        return "unexpected end of input; " + dropLast(suffix.count)
    }
}
