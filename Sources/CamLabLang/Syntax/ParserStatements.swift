/// The statement rules of the grammar (see `Parser`).
extension Parser {
    mutating func declarationOrRecover() -> Stmt? {
        let start = current
        do {
            return try statement()
        } catch {
            synchronize()
            if current == start { advance() }  // always make progress, e.g. past a stray '}'
            return nil
        }
    }

    mutating func statement() throws -> Stmt {
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

    mutating func simpleStatement() throws -> Stmt {
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
    mutating func expressionList() throws -> Expr {
        let first = try expression()
        guard check(.comma) else { return first }
        var items = [first]
        while match(.comma) { items.append(try expression()) }
        return Expr(kind: .tuple(items), span: first.span.to(items.last!.span))
    }

    mutating func assignmentTarget(_ expr: Expr, equal: Token) throws -> Target {
        switch expr.kind {
        case .variable(let name): return .name(name, expr.span)
        case .tuple(let items), .list(let items):
            return .tuple(try items.map { try assignmentTarget($0, equal: equal) }, expr.span)
        case .index(let base, let items): return .index(base, items, expr.span)
        case .member(let base, let name, let nameSpan): return .member(base, name: name, nameSpan: nameSpan, expr.span)
        default:
            throw error("cannot assign to this expression; the left side of '=' must be a name, "
                        + "a tuple of names, an element like xs[0] or a member like layer.trainable", at: expr.span)
        }
    }

    mutating func functionDeclaration() throws -> Stmt {
        try enterBlock(at: peek)
        defer { blockNesting -= 1 }
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

    mutating func ifStatement() throws -> Stmt {
        try enterBlock(at: peek)
        defer { blockNesting -= 1 }
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

    mutating func forStatement() throws -> Stmt {
        try enterBlock(at: peek)
        defer { blockNesting -= 1 }
        let keyword = advance()
        let variables = try expressionListUntilIn()
        let target = try assignmentTarget(variables, equal: keyword)
        try consume(.in, "'in' after the loop variable")
        let sequence = try expression()
        let body = try block(after: "the 'for' header")
        return Stmt(kind: .for(target, sequence, body), span: keyword.span.to(previous.span))
    }

    /// Loop variables: names or bracketed tuples of names, separated by commas.
    mutating func expressionListUntilIn() throws -> Expr {
        var items: [Expr] = []
        repeat { items.append(try postfix()) } while match(.comma)
        return items.count == 1 ? items[0] : Expr(kind: .tuple(items), span: items[0].span.to(items.last!.span))
    }

    mutating func whileStatement() throws -> Stmt {
        try enterBlock(at: peek)
        defer { blockNesting -= 1 }
        let keyword = advance()
        let condition = try expression()
        let body = try block(after: "the 'while' condition")
        return Stmt(kind: .while(condition, body), span: keyword.span.to(previous.span))
    }

    mutating func block(after what: String) throws -> [Stmt] {
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

    var isStatementEnd: Bool {
        switch peek.kind {
        case .newline, .semicolon, .endOfInput, .rightBrace: return true
        default: return false
        }
    }

    mutating func endStatement() throws {
        guard isStatementEnd else {
            throw error("expected end of statement (a new line or ';') before \(peek.kind.readable)", at: peek)
        }
    }
}
