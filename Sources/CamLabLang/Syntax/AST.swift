/// The syntax tree the parser builds and the interpreter walks. Every node keeps its span for diagnostics.

public struct Expr: Sendable {
    public indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
        /// `"loss \(x)"`: literal pieces and expressions, concatenated at run time.
        case interpolation([InterpolationPart])
        case bool(Bool)
        case none
        case variable(String)
        case list([Expr])
        case tuple([Expr])
        case unary(UnaryOperator, Expr)
        /// A comparison or a power: `a < b`, `a ** b`.
        case binary(BinaryOperator, Expr, Expr)
        /// `a + b - c …` or `a * b / c …`, applied left to right. Kept flat, so a chain of 5,000 terms is two
        /// levels deep and is evaluated in a loop, not by recursion.
        case chain(Expr, [ChainLink])
        /// `a or b or c …` (one operator), evaluated left to right until the result is known.
        case logical(LogicalOperator, [Expr])
        /// `lower..<upper` or `lower...upper`.
        case range(Expr, Expr, closed: Bool)
        case call(Expr, [CallArgument])
        case member(Expr, name: String, nameSpan: Span)
        case index(Expr, [IndexItem])
    }
    public let kind: Kind
    public let span: Span
    /// Levels of the tree below and including this node. The interpreter recurses once per level, so the
    /// parser refuses trees deeper than `Parser.maxDepth` (a flat `1 + 1 + …` chain counts as one level).
    public let depth: Int

    init(kind: Kind, span: Span) {
        self.kind = kind
        self.span = span
        self.depth = 1 + (kind.children.lazy.map(\.depth).max() ?? 0)
    }
}

extension Expr.Kind {
    var children: [Expr] {
        switch self {
        case .number, .string, .bool, .none, .variable: return []
        case .interpolation(let parts):
            return parts.compactMap { if case .expr(let e) = $0 { return e } else { return nil } }
        case .list(let items), .tuple(let items): return items
        case .unary(_, let operand): return [operand]
        case .binary(_, let a, let b), .range(let a, let b, _): return [a, b]
        case .chain(let first, let links): return [first] + links.map(\.operand)
        case .logical(_, let operands): return operands
        case .call(let callee, let arguments): return [callee] + arguments.map(\.value)
        case .member(let base, _, _): return [base]
        case .index(let base, let items):
            return [base] + items.flatMap { item -> [Expr] in
                switch item {
                case .single(let e): return [e]
                case .slice(let lower, let upper, _): return [lower, upper].compactMap { $0 }
                }
            }
        }
    }
}

public enum InterpolationPart: Sendable {
    case text(String)
    case expr(Expr)
}

public enum UnaryOperator: String, Sendable { case negate = "-", not = "not" }

public enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
}

/// One step of a `.chain`: the operator, its right operand, and the span from the chain's start to that operand
/// (where an error in this step points, as it would for `(a + b) + c`).
public struct ChainLink: Sendable {
    public let op: BinaryOperator
    public let operand: Expr
    public let span: Span
}

public enum LogicalOperator: String, Sendable { case and, or }

/// `value` or `label: value` in a call.
public struct CallArgument: Sendable {
    public let label: String?
    public let labelSpan: Span?
    public let value: Expr
}

/// One position inside `x[ … ]`: an index, or a slice `lower:upper` with either bound optional.
public enum IndexItem: Sendable {
    case single(Expr)
    case slice(Expr?, Expr?, span: Span)
}

/// The left side of an assignment: a name, a tuple of targets (`(w, a), i = …`), an element (`xs[0] = …`) or a
/// settable member of an object (`layer.trainable = false`).
public indirect enum Target: Sendable {
    case name(String, Span)
    case tuple([Target], Span)
    case index(Expr, [IndexItem], Span)
    case member(Expr, name: String, nameSpan: Span, Span)

    var span: Span {
        switch self {
        case .name(_, let span), .tuple(_, let span), .index(_, _, let span), .member(_, _, _, let span): return span
        }
    }
}

public struct Parameter: Sendable {
    public let name: String
    public let defaultValue: Expr?
    public let span: Span
}

public struct Stmt: Sendable {
    public indirect enum Kind: Sendable {
        case expression(Expr)
        case assign(Target, Expr)
        case `if`(Expr, [Stmt], else: [Stmt]?)
        case `for`(Target, Expr, [Stmt])
        case `while`(Expr, [Stmt])
        case function(FunctionDeclaration)
        case `return`(Expr?)
        case `break`
        case `continue`
    }
    public let kind: Kind
    public let span: Span
}

public final class FunctionDeclaration: Sendable {
    public let name: String
    public let parameters: [Parameter]
    public let body: [Stmt]
    public let span: Span
    init(name: String, parameters: [Parameter], body: [Stmt], span: Span) {
        self.name = name
        self.parameters = parameters
        self.body = body
        self.span = span
    }
}
