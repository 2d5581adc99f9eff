import CamLabCore

extension Interpreter {
    func evaluate(_ expr: Expr) throws -> Value {
        if stackGuard.isExhausted() {
            throw error("the program nests too deeply to evaluate (expressions within recursive calls)",
                        help: "split deeply nested expressions with intermediate variables, or recurse less deeply",
                        at: expr.span)
        }
        switch expr.kind {
        case .number(let n): return .number(n)
        case .string(let s): return .string(s)
        case .bool(let b): return .bool(b)
        case .none: return .none
        case .interpolation(let parts):
            var pieces: [String] = []
            var bytes = 0.0
            for part in parts {
                let piece: String
                switch part {
                case .text(let s): piece = s
                case .expr(let e): piece = try evaluate(e).printed
                }
                bytes += Double(piece.utf8.count)
                try checkBytes(bytes, for: "this string", at: expr.span)
                pieces.append(piece)
            }
            return .string(String.joinedExactly(pieces))
        case .variable(let name):
            if let value = lookup(name) { return value }
            throw unknownName(name, at: expr.span)
        case .list(let items): return try nestable(.list(try items.map(evaluate)), at: expr.span)
        case .tuple(let items): return try nestable(.tuple(try items.map(evaluate)), at: expr.span)
        case .unary(let op, let operand):
            return try unary(op, try evaluate(operand), at: expr.span)
        case .binary(let op, let left, let right):
            return try binary(op, try evaluate(left), try evaluate(right), at: expr.span)
        case .chain(let first, let links):
            var value = try evaluate(first)
            for link in links { value = try binary(link.op, value, try evaluate(link.operand), at: link.span) }
            return value
        case .logical(let op, let operands):
            var value = Value.none
            for operand in operands {
                value = try evaluate(operand)
                // `and` stops at the first false operand, `or` at the first true one.
                if value.isTruthy != (op == .and) { return value }
            }
            return value
        case .range(let lowerExpr, let upperExpr, let closed):
            let lower = try integer(try evaluate(lowerExpr), what: "a range bound", at: lowerExpr.span)
            let upper = try integer(try evaluate(upperExpr), what: "a range bound", at: upperExpr.span)
            return .range(lower, closed ? upper + 1 : upper)
        case .call(let callee, let arguments):
            return try evaluateCall(callee, arguments, span: expr.span)
        case .member(let baseExpr, let name, let nameSpan):
            let base = try evaluate(baseExpr)
            if let value = try member(of: base, name) { return value }
            throw noMember(name, of: base, at: nameSpan)
        case .index(let baseExpr, let items):
            return try index(try evaluate(baseExpr), items, at: expr.span)
        }
    }

    /// A list or tuple just built, if it nests no deeper than `Limits.maxListNesting`.
    func nestable(_ value: Value, at span: Span) throws -> Value {
        guard value.nestingDepth <= Limits.maxListNesting else {
            throw error("lists nest at most \(Limits.maxListNesting) deep", at: span)
        }
        return value
    }

    func unknownName(_ name: String, at span: Span) -> Diagnostic {
        error("unknown name '\(name)'", help: Suggestions.didYouMean(name, among: visibleNames), at: span)
    }

    func integer(_ value: Value, what: String, at span: Span) throws -> Int {
        guard let n = value.wholeNumber else {
            throw error("\(what) must be a whole number \(Limits.wholeNumberRange), "
                        + "got \(value.described)", at: span)
        }
        return n
    }

    // MARK: Members

    /// Built-in members of plain values, then an object's own members.
    func member(of base: Value, _ name: String) throws -> Value? {
        switch base {
        case .tensor(let t):
            switch name {
            case "shape": return .tuple(t.shape.map { .number(Double($0)) })
            case "rank": return .number(Double(t.rank))
            case "size": return .number(Double(t.count))
            default: return nil
            }
        case .list(let items), .tuple(let items):
            return name == "count" ? .number(Double(items.count)) : nil
        case .string(let s):
            return name == "count" ? .number(Double(s.count)) : nil
        case .object(let object):
            return object.member(name)
        default:
            return nil
        }
    }

    func memberNames(of base: Value) -> [String] {
        switch base {
        case .tensor: return ["shape", "rank", "size"]
        case .list, .tuple, .string: return ["count"]
        case .object(let object): return object.memberNames
        default: return []
        }
    }

    func noMember(_ name: String, of base: Value, at span: Span) -> Diagnostic {
        let names = memberNames(of: base)
        let help = Suggestions.didYouMean(name, among: names + Array(registry.functions.keys))
            ?? (names.isEmpty ? nil : "its members are " + names.joined(separator: ", "))
        return error("\(base.typeNameWithArticle) has no member '\(name)'", help: help, at: span)
    }
}
