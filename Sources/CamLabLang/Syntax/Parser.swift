/// A recursive-descent parser: one method per grammar rule, in order of increasing precedence.
///
///     program    → statement* EOF
///     statement  → function | if | for | while | return | break | continue | simple
///     simple     → expression ("," expression)* ("=" expression ("," expression)*)?
///     function   → "func" NAME "(" (NAME ("=" expression)?) ,* ")" block
///     if         → "if" expression block ("else" (if | block))?
///     for        → "for" target "in" expression block
///     block      → "{" statement* "}"
///     expression → or;  or → and ("or" and)*;  and → not ("and" not)*;  not → "not" not | comparison
///     comparison → range (("==" | "!=" | "<" | "<=" | ">" | ">=") range)?
///     range      → additive (("..<" | "...") additive)?
///     additive   → multiplicative (("+" | "-") multiplicative)*
///     multiplicative → unary (("*" | "/" | "%") unary)*
///     unary      → ("-" | "!") unary | power;  power → postfix ("**" unary)?
///     postfix    → primary ("(" arguments ")" | "." NAME | "[" index "]")*
///     primary    → NUMBER | STRING | "true" | "false" | "none" | NAME | "(" tuple ")" | "[" list "]"
///
/// After a mistake it reports one diagnostic and skips to the next statement (`synchronize`), so one typo
/// yields one error.
public struct Parser {
    private let source: Source
    private var tokens: [Token]
    private var current = 0
    public private(set) var diagnostics: [Diagnostic] = []

    private struct ParseError: Error {}

    public init(_ source: Source) {
        self.source = source
        var scanner = Scanner(source)
        self.tokens = scanner.scanAll()
    }

    private init(source: Source, tokens: [Token]) {
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

    // MARK: Statements

    private mutating func declarationOrRecover() -> Stmt? {
        let start = current
        do {
            return try statement()
        } catch {
            synchronize()
            if current == start { advance() }  // always make progress, e.g. past a stray '}'
            return nil
        }
    }

    private mutating func statement() throws -> Stmt {
        switch peek.kind {
        case .func: return try functionDeclaration()
        case .if: return try ifStatement()
        case .for: return try forStatement()
        case .while: return try whileStatement()
        case .return:
            let keyword = advance()
            let value = isStatementEnd ? nil : try expression()
            try endStatement()
            return Stmt(kind: .return(value), span: value.map { keyword.span.to($0.span) } ?? keyword.span)
        case .break, .continue:
            let keyword = advance()
            try endStatement()
            return Stmt(kind: keyword.kind == .break ? .break : .continue, span: keyword.span)
        default:
            return try simpleStatement()
        }
    }

    private mutating func simpleStatement() throws -> Stmt {
        let first = try expressionList()
        if check(.equal) {
            let equal = advance()
            let target = try assignmentTarget(first, equal: equal)
            let value = try expressionList()
            try endStatement()
            return Stmt(kind: .assign(target, value), span: first.span.to(value.span))
        }
        try endStatement()
        return Stmt(kind: .expression(first), span: first.span)
    }

    /// `a, b, c` without brackets is a tuple (on either side of `=`).
    private mutating func expressionList() throws -> Expr {
        let first = try expression()
        guard check(.comma) else { return first }
        var items = [first]
        while match(.comma) { items.append(try expression()) }
        return Expr(kind: .tuple(items), span: first.span.to(items.last!.span))
    }

    private mutating func assignmentTarget(_ expr: Expr, equal: Token) throws -> Target {
        switch expr.kind {
        case .variable(let name): return .name(name, expr.span)
        case .tuple(let items), .list(let items):
            return .tuple(try items.map { try assignmentTarget($0, equal: equal) }, expr.span)
        case .index(let base, let items): return .index(base, items, expr.span)
        default:
            throw error("cannot assign to this expression; the left side of '=' must be a name, "
                        + "a tuple of names or an element like xs[0]", at: expr.span)
        }
    }

    private mutating func functionDeclaration() throws -> Stmt {
        let keyword = advance()
        let name = try consumeName("a function name after 'func'")
        try consume(.leftParen, "'(' after the function name")
        var parameters: [Parameter] = []
        if !check(.rightParen) {
            repeat {
                let parameterToken = peek
                let parameter = try consumeName("a parameter name")
                if parameters.contains(where: { $0.name == parameter }) {
                    throw error("duplicate parameter '\(parameter)'", at: parameterToken.span)
                }
                let defaultValue = match(.equal) ? try expression() : nil
                if defaultValue == nil, parameters.last?.defaultValue != nil {
                    throw error("parameter '\(parameter)' needs a default value because the one before it has one",
                                at: parameterToken.span)
                }
                parameters.append(Parameter(name: parameter, defaultValue: defaultValue, span: parameterToken.span))
            } while match(.comma) && !check(.rightParen)
        }
        try consume(.rightParen, "')' after the parameters")
        let body = try block(after: "the function header")
        let span = keyword.span.to(previous.span)
        return Stmt(kind: .function(FunctionDeclaration(name: name, parameters: parameters, body: body, span: span)),
                    span: span)
    }

    private mutating func ifStatement() throws -> Stmt {
        let keyword = advance()
        let condition = try expression()
        let thenBranch = try block(after: "the 'if' condition")
        var elseBranch: [Stmt]? = nil
        if checkPastNewlines(.else) {
            skipNewlines()
            advance()
            elseBranch = check(.if) ? [try ifStatement()] : try block(after: "'else'")
        }
        return Stmt(kind: .if(condition, thenBranch, else: elseBranch), span: keyword.span.to(previous.span))
    }

    private mutating func forStatement() throws -> Stmt {
        let keyword = advance()
        let variables = try expressionListUntilIn()
        let target = try assignmentTarget(variables, equal: keyword)
        try consume(.in, "'in' after the loop variable")
        let sequence = try expression()
        let body = try block(after: "the 'for' header")
        return Stmt(kind: .for(target, sequence, body), span: keyword.span.to(previous.span))
    }

    /// Loop variables: names or bracketed tuples of names, separated by commas.
    private mutating func expressionListUntilIn() throws -> Expr {
        var items: [Expr] = []
        repeat { items.append(try postfix()) } while match(.comma)
        return items.count == 1 ? items[0] : Expr(kind: .tuple(items), span: items[0].span.to(items.last!.span))
    }

    private mutating func whileStatement() throws -> Stmt {
        let keyword = advance()
        let condition = try expression()
        let body = try block(after: "the 'while' condition")
        return Stmt(kind: .while(condition, body), span: keyword.span.to(previous.span))
    }

    private mutating func block(after what: String) throws -> [Stmt] {
        try consume(.leftBrace, "'{' after \(what)")
        var statements: [Stmt] = []
        skipSeparators()
        while !check(.rightBrace) && !isAtEnd {
            if let statement = declarationOrRecover() { statements.append(statement) }
            skipSeparators()
        }
        try consume(.rightBrace, "'}' to close the block")
        return statements
    }

    private var isStatementEnd: Bool {
        switch peek.kind {
        case .newline, .semicolon, .endOfInput, .rightBrace: return true
        default: return false
        }
    }

    private mutating func endStatement() throws {
        guard isStatementEnd else {
            throw error("expected end of statement (a new line or ';') before \(peek.kind.readable)", at: peek)
        }
    }

    // MARK: Expressions

    public mutating func expression() throws -> Expr { try or() }

    private mutating func or() throws -> Expr {
        var left = try and()
        while match(.or) {
            let right = try and()
            left = Expr(kind: .logical(.or, left, right), span: left.span.to(right.span))
        }
        return left
    }

    private mutating func and() throws -> Expr {
        var left = try not()
        while match(.and) {
            let right = try not()
            left = Expr(kind: .logical(.and, left, right), span: left.span.to(right.span))
        }
        return left
    }

    private mutating func not() throws -> Expr {
        guard check(.not) else { return try comparison() }
        let keyword = advance()
        let operand = try not()
        return Expr(kind: .unary(.not, operand), span: keyword.span.to(operand.span))
    }

    private mutating func comparison() throws -> Expr {
        let left = try range()
        guard let op = comparisonOperator(peek.kind) else { return left }
        advance()
        let right = try range()
        if comparisonOperator(peek.kind) != nil {
            throw error("comparisons cannot be chained; write 'a < b and b < c'", at: peek)
        }
        return Expr(kind: .binary(op, left, right), span: left.span.to(right.span))
    }

    private func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
        switch kind {
        case .equalEqual: return .equal
        case .bangEqual: return .notEqual
        case .less: return .less
        case .lessEqual: return .lessEqual
        case .greater: return .greater
        case .greaterEqual: return .greaterEqual
        default: return nil
        }
    }

    private mutating func range() throws -> Expr {
        let lower = try additive()
        guard check(.halfOpenRange) || check(.closedRange) else { return lower }
        let closed = advance().kind == .closedRange
        let upper = try additive()
        return Expr(kind: .range(lower, upper, closed: closed), span: lower.span.to(upper.span))
    }

    private mutating func additive() throws -> Expr {
        var left = try multiplicative()
        while check(.plus) || check(.minus) {
            let op: BinaryOperator = advance().kind == .plus ? .add : .subtract
            let right = try multiplicative()
            left = Expr(kind: .binary(op, left, right), span: left.span.to(right.span))
        }
        return left
    }

    private mutating func multiplicative() throws -> Expr {
        var left = try unary()
        while check(.star) || check(.slash) || check(.percent) {
            let kind = advance().kind
            let op: BinaryOperator = kind == .star ? .multiply : kind == .slash ? .divide : .remainder
            let right = try unary()
            left = Expr(kind: .binary(op, left, right), span: left.span.to(right.span))
        }
        return left
    }

    private mutating func unary() throws -> Expr {
        if check(.minus) || check(.bang) {
            let op = advance()
            let operand = try unary()
            return Expr(kind: .unary(op.kind == .minus ? .negate : .not, operand), span: op.span.to(operand.span))
        }
        return try power()
    }

    private mutating func power() throws -> Expr {
        let base = try postfix()
        guard match(.starStar) else { return base }
        let exponent = try unary()  // right-associative: 2 ** 3 ** 2 == 2 ** 9
        return Expr(kind: .binary(.power, base, exponent), span: base.span.to(exponent.span))
    }

    private mutating func postfix() throws -> Expr {
        var expr = try primary()
        while true {
            if check(.leftParen) {
                let open = advance()
                let arguments = try argumentList()
                let close = try consumeClosing(.rightParen, opener: open, "')' to close the call")
                expr = Expr(kind: .call(expr, arguments), span: expr.span.to(close.span))
            } else if match(.dot) {
                let nameToken = peek
                let name = try consumeName("a member name after '.'")
                expr = Expr(kind: .member(expr, name: name, nameSpan: nameToken.span), span: expr.span.to(nameToken.span))
            } else if check(.leftBracket) {
                let open = advance()
                let items = try indexItems()
                let close = try consumeClosing(.rightBracket, opener: open, "']' to close the index")
                expr = Expr(kind: .index(expr, items), span: expr.span.to(close.span))
            } else {
                return expr
            }
        }
    }

    private mutating func argumentList() throws -> [CallArgument] {
        var arguments: [CallArgument] = []
        var sawLabel = false
        while !check(.rightParen) {
            if case .identifier(let label) = peek.kind, peekNext.kind == .colon {
                let labelToken = advance()
                advance()
                if arguments.contains(where: { $0.label == label }) {
                    throw error("argument '\(label)' is given twice", at: labelToken.span)
                }
                arguments.append(CallArgument(label: label, labelSpan: labelToken.span, value: try expression()))
                sawLabel = true
            } else {
                let value = try expression()
                if sawLabel {
                    throw error("positional arguments must come before labelled ones", at: value.span)
                }
                arguments.append(CallArgument(label: nil, labelSpan: nil, value: value))
            }
            if !match(.comma) { break }
        }
        return arguments
    }

    private mutating func indexItems() throws -> [IndexItem] {
        var items: [IndexItem] = []
        repeat {
            let start = peek.span
            let lower = check(.colon) ? nil : try expression()
            if match(.colon) {
                let upper = check(.comma) || check(.rightBracket) ? nil : try expression()
                items.append(.slice(lower, upper, span: start.to(previous.span)))
            } else if let lower {
                items.append(.single(lower))
            }
        } while match(.comma) && !check(.rightBracket)
        return items
    }

    private mutating func primary() throws -> Expr {
        let token = peek
        switch token.kind {
        case .number(let value): advance(); return Expr(kind: .number(value), span: token.span)
        case .true: advance(); return Expr(kind: .bool(true), span: token.span)
        case .false: advance(); return Expr(kind: .bool(false), span: token.span)
        case .none: advance(); return Expr(kind: .none, span: token.span)
        case .identifier(let name): advance(); return Expr(kind: .variable(name), span: token.span)
        case .string(let segments): advance(); return try stringLiteral(segments, span: token.span)
        case .leftParen:
            advance()
            if match(.rightParen) { return Expr(kind: .tuple([]), span: token.span.to(previous.span)) }
            let first = try expression()
            if check(.endOfInput) { try consumeClosing(.rightParen, opener: token, "')'") }
            if match(.rightParen) { return Expr(kind: first.kind, span: token.span.to(previous.span)) }
            var items = [first]
            while match(.comma) && !check(.rightParen) { items.append(try expression()) }
            try consumeClosing(.rightParen, opener: token, "')' to close the tuple")
            return Expr(kind: .tuple(items), span: token.span.to(previous.span))
        case .leftBracket:
            advance()
            var items: [Expr] = []
            while !check(.rightBracket) {
                items.append(try expression())
                if !match(.comma) { break }
            }
            try consumeClosing(.rightBracket, opener: token, "']' to close the list")
            return Expr(kind: .list(items), span: token.span.to(previous.span))
        case .error(let message, _):
            throw error(message, at: token)
        default:
            throw error("expected an expression, found \(token.kind.readable)", at: token)
        }
    }

    private mutating func stringLiteral(_ segments: [StringSegment], span: Span) throws -> Expr {
        if segments.count == 1, case .text(let text) = segments[0] { return Expr(kind: .string(text), span: span) }
        var parts: [InterpolationPart] = []
        for segment in segments {
            switch segment {
            case .text(let text): parts.append(.text(text))
            case .code(let codeSpan):
                var scanner = Scanner(source.bytes, from: codeSpan.start, to: codeSpan.end)
                var inner = Parser(source: source, tokens: scanner.scanAll())
                guard !inner.isAtEnd else { throw error("empty interpolation '\\()' in string", at: codeSpan) }
                do {
                    let expr = try inner.expression()
                    if !inner.isAtEnd { throw inner.error("unexpected \(inner.peek.kind.readable) in interpolation",
                                                          at: inner.peek) }
                    parts.append(.expr(expr))
                } catch {
                    diagnostics.append(contentsOf: inner.diagnostics)
                    throw ParseError()
                }
            }
        }
        return Expr(kind: .interpolation(parts), span: span)
    }

    // MARK: Helpers

    private var peek: Token { tokens[current] }
    private var peekNext: Token { tokens[min(current + 1, tokens.count - 1)] }
    private var previous: Token { tokens[max(current - 1, 0)] }
    private var isAtEnd: Bool { peek.kind == .endOfInput }

    private func check(_ kind: TokenKind) -> Bool { peek.kind == kind }

    private func checkPastNewlines(_ kind: TokenKind) -> Bool {
        var i = current
        while tokens[i].kind == .newline { i += 1 }
        return tokens[i].kind == kind
    }

    private mutating func match(_ kind: TokenKind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    private mutating func advance() -> Token {
        if !isAtEnd { current += 1 }
        return previous
    }

    @discardableResult
    private mutating func consume(_ kind: TokenKind, _ expected: String) throws -> Token {
        if check(kind) { return advance() }
        if case .error(let message, _) = peek.kind { throw error(message, at: peek) }
        throw error("expected \(expected), found \(peek.kind.readable)", at: peek)
    }

    /// Like `consume`, but when the input ends first it blames the unclosed opening bracket, the way
    /// Python says "'(' was never closed".
    @discardableResult
    private mutating func consumeClosing(_ kind: TokenKind, opener: Token, _ expected: String) throws -> Token {
        if isAtEnd {
            throw record(Diagnostic(.syntax, "\(opener.kind.readable) was never closed", span: opener.span,
                                    in: source, atEndOfInput: true))
        }
        return try consume(kind, expected)
    }

    private mutating func consumeName(_ expected: String) throws -> String {
        if case .identifier(let name) = peek.kind { advance(); return name }
        throw error("expected \(expected), found \(peek.kind.readable)", at: peek)
    }

    private mutating func skipSeparators() { while check(.newline) || check(.semicolon) { advance() } }
    private mutating func skipNewlines() { while check(.newline) { advance() } }

    private mutating func error(_ message: String, at token: Token) -> ParseError {
        var atEnd = token.kind == .endOfInput
        var message = message
        // Text the scanner could not read is the real problem, whatever the parser expected there.
        if case .error(let scannerMessage, let scannerAtEnd) = token.kind { atEnd = scannerAtEnd; message = scannerMessage }
        if atEnd && token.kind == .endOfInput { message = message.replacingEnd() }
        return record(Diagnostic(.syntax, message, span: token.span, in: source, atEndOfInput: atEnd))
    }

    private mutating func error(_ message: String, at span: Span) -> ParseError {
        record(Diagnostic(.syntax, message, span: span, in: source))
    }

    private mutating func record(_ diagnostic: Diagnostic) -> ParseError {
        // One mistake, one error: later errors in the same statement are consequences of the first.
        diagnostics.append(diagnostic)
        return ParseError()
    }

    /// Skips to the start of the next statement after an error.
    private mutating func synchronize() {
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
