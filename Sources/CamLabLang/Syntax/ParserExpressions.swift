/// The expression rules of the grammar, from lowest to highest precedence (see `Parser`).
extension Parser {
    public mutating func expression() throws -> Expr {
        try enter(at: peek)
        defer { nesting -= 1 }
        return try or()
    }

    mutating func or() throws -> Expr {
        try logical(.or, separator: .or) { try $0.and() }
    }

    mutating func and() throws -> Expr {
        try logical(.and, separator: .and) { try $0.not() }
    }

    /// `a or b or c …` as one flat node, however many operands.
    mutating func logical(_ op: LogicalOperator, separator: TokenKind,
                          operand: (inout Parser) throws -> Expr) throws -> Expr {
        let first = try operand(&self)
        var operands = [first]
        while match(separator) { operands.append(try operand(&self)) }
        guard operands.count > 1, let last = operands.last else { return first }
        return Expr(kind: .logical(op, operands), span: first.span.to(last.span))
    }

    /// `not` and `!` are one operator, below the comparisons as in Python: `!a == b` is `not (a == b)`.
    mutating func not() throws -> Expr {
        guard check(.not) || check(.bang) else { return try comparison() }
        try enter(at: peek)
        defer { nesting -= 1 }
        let keyword = advance()
        let operand = try not()
        return Expr(kind: .unary(.not, operand), span: keyword.span.to(operand.span))
    }

    mutating func comparison() throws -> Expr {
        let left = try range()
        guard let op = comparisonOperator(peek.kind) else { return left }
        advance()
        let right = try range()
        if comparisonOperator(peek.kind) != nil {
            throw error("comparisons cannot be chained; write 'a < b and b < c'", at: peek)
        }
        return Expr(kind: .binary(op, left, right), span: left.span.to(right.span))
    }

    func comparisonOperator(_ kind: TokenKind) -> BinaryOperator? {
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

    mutating func range() throws -> Expr {
        let lower = try additive()
        guard check(.halfOpenRange) || check(.closedRange) else { return lower }
        let closed = advance().kind == .closedRange
        let upper = try additive()
        return Expr(kind: .range(lower, upper, closed: closed), span: lower.span.to(upper.span))
    }

    mutating func additive() throws -> Expr {
        try chain { parser in
            guard parser.check(.plus) || parser.check(.minus) else { return nil }
            return parser.advance().kind == .plus ? .add : .subtract
        } operand: { try $0.multiplicative() }
    }

    mutating func multiplicative() throws -> Expr {
        try chain { parser in
            guard parser.check(.star) || parser.check(.slash) || parser.check(.percent) else { return nil }
            let kind = parser.advance().kind
            return kind == .star ? .multiply : kind == .slash ? .divide : .remainder
        } operand: { try $0.unary() }
    }

    /// A left-associative chain of one precedence level as one flat node: its length is not nesting.
    mutating func chain(_ nextOperator: (inout Parser) -> BinaryOperator?,
                        operand: (inout Parser) throws -> Expr) throws -> Expr {
        let first = try operand(&self)
        var links: [ChainLink] = []
        while let op = nextOperator(&self) {
            let right = try operand(&self)
            links.append(ChainLink(op: op, operand: right, span: first.span.to(right.span)))
        }
        guard let last = links.last else { return first }
        return Expr(kind: .chain(first, links), span: last.span)
    }

    mutating func unary() throws -> Expr {
        if check(.bang) || check(.not) {
            // After an operator, `a == !b` would read differently from `a == not b` in other languages; ask for
            // brackets rather than guess.
            let word = check(.bang) ? "!" : "not"
            throw error("'\(word)' applies to a whole comparison and cannot follow an operator; put it in brackets, "
                        + "as in 'a == (\(word == "!" ? "!" : "not ")b)'", at: peek)
        }
        if check(.minus) {
            try enter(at: peek)
            defer { nesting -= 1 }
            let op = advance()
            let operand = try unary()
            return Expr(kind: .unary(.negate, operand), span: op.span.to(operand.span))
        }
        return try power()
    }

    mutating func power() throws -> Expr {
        let base = try postfix()
        guard check(.starStar) else { return base }
        try enter(at: peek)
        defer { nesting -= 1 }
        advance()
        let exponent = try unary()  // right-associative: 2 ** 3 ** 2 == 2 ** 9
        return Expr(kind: .binary(.power, base, exponent), span: base.span.to(exponent.span))
    }

    mutating func postfix() throws -> Expr {
        var expr = try primary()
        while true {
            if check(.leftParen) {
                let open = advance()
                let arguments = try argumentList()
                let close = try consumeClosing(.rightParen, opener: open, "')' to close the call")
                expr = try limited(Expr(kind: .call(expr, arguments), span: expr.span.to(close.span)))
            } else if match(.dot) {
                let nameToken = peek
                let name = try consumeName("a member name after '.'")
                expr = try limited(Expr(kind: .member(expr, name: name, nameSpan: nameToken.span), span: expr.span.to(nameToken.span)))
            } else if check(.leftBracket) {
                let open = advance()
                let items = try indexItems()
                let close = try consumeClosing(.rightBracket, opener: open, "']' to close the index")
                expr = try limited(Expr(kind: .index(expr, items), span: expr.span.to(close.span)))
            } else {
                return expr
            }
        }
    }

    mutating func argumentList() throws -> [CallArgument] {
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

    mutating func indexItems() throws -> [IndexItem] {
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

    mutating func primary() throws -> Expr {
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

    mutating func stringLiteral(_ segments: [StringSegment], span: Span) throws -> Expr {
        if segments.count == 1, case .text(let text) = segments[0] { return Expr(kind: .string(text), span: span) }
        var parts: [InterpolationPart] = []
        for segment in segments {
            switch segment {
            case .text(let text): parts.append(.text(text))
            case .code(let codeSpan):
                var scanner = Scanner(source.bytes, from: codeSpan.start, to: codeSpan.end)
                var inner = Parser(source: source, tokens: scanner.scanAll())
                inner.nesting = nesting  // interpolations nested in interpolations count towards the limit
                guard !inner.isAtEnd else { throw error("empty interpolation '\\()' in string", at: codeSpan) }
                do {
                    let expr = try inner.expression()
                    if !inner.isAtEnd {
                        throw inner.error("expected ')' to end the interpolation, found \(inner.peek.kind.readable)",
                                          at: inner.peek)
                    }
                    parts.append(.expr(expr))
                } catch {
                    diagnostics.append(contentsOf: inner.diagnostics)
                    throw ParseError()
                }
            }
        }
        return Expr(kind: .interpolation(parts), span: span)
    }
}
