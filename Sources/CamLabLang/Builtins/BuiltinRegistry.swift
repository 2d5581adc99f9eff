/// The one table of builtins and named constants. Evaluation, `help`, completion and "did you mean" all
/// read it, so a builtin is described in exactly one place.
public final class BuiltinRegistry: @unchecked Sendable {
    public private(set) var functions: [String: Builtin] = [:]
    public private(set) var constants: [String: (value: Value, doc: String)] = [:]
    /// Topics in the order they were first used, for `help()`.
    public private(set) var topics: [String] = []

    /// The standard library: every builtin CamLab ships, built once per process.
    public static let standard = makeStandard()

    /// A fresh registry with the standard library, to which an embedder may add its own builtins.
    public static func makeStandard() -> BuiltinRegistry {
        let registry = BuiltinRegistry()
        registerConstants(in: registry)
        registerCoreBuiltins(in: registry)
        registerTensorBuiltins(in: registry)
        registerMachineLearningBuiltins(in: registry)
        PlotBuiltins.register(in: registry)
        return registry
    }

    public init() {}

    /// Registers a named constant such as the colormap `reds`.
    public func constant(_ name: String, kind: String, doc: String) {
        constants[name] = (.named(NamedValue(kind: kind, name: name)), doc)
    }

    /// Registers a builtin from its signature, written as a user would call it:
    /// `"explain(model, x, layer: none, colormap: jet)"`. Plain names are positional and required;
    /// `name = default` is positional and optional; `name: default` is labelled; `name...` collects the rest.
    public func define(_ signature: String, topic: String, _ doc: String,
                       _ body: @escaping (inout Arguments, Interpreter) throws -> Value) {
        let (name, parameters, variadic) = parseSignature(signature)
        precondition(functions[name] == nil, "builtin \(name) is registered twice")
        if !topics.contains(topic) { topics.append(topic) }
        functions[name] = Builtin(name: name, parameters: parameters, isVariadic: variadic, doc: doc, topic: topic,
                                  body: body)
    }

    /// Registers another name for an existing builtin (`explain_prediction_keras` for `explain`).
    public func alias(_ alias: String, for name: String) {
        guard let original = functions[name] else { preconditionFailure("alias of unknown builtin \(name)") }
        functions[alias] = Builtin(name: alias, parameters: original.parameters, isVariadic: original.isVariadic,
                                   doc: "Same as \(name): " + original.doc, topic: original.topic, body: original.body)
    }

    /// Every name a program can use without defining it.
    public var allNames: [String] { Array(functions.keys) + Array(constants.keys) }

    private func parseSignature(_ signature: String) -> (String, [Builtin.Parameter], Bool) {
        let source = Source(signature, name: "<signature>")
        var scanner = Scanner(source)
        let tokens = scanner.scanAll()
        guard case .identifier(let name) = tokens[0].kind, tokens[1].kind == .leftParen else {
            preconditionFailure("malformed builtin signature \(signature)")
        }
        var parameters: [Builtin.Parameter] = []
        var variadic = false
        var i = 2
        while case .identifier(let parameter) = tokens[i].kind {
            i += 1
            if tokens[i].kind == .closedRange { variadic = true; i += 1 }
            var labelled = false, defaultText: String? = nil, defaultValue: Value? = nil
            if tokens[i].kind == .colon || tokens[i].kind == .equal {
                labelled = tokens[i].kind == .colon
                i += 1
                let start = tokens[i].span.start
                var depth = 0
                while depth > 0 || (tokens[i].kind != .comma && tokens[i].kind != .rightParen) {
                    if tokens[i].kind == .leftParen || tokens[i].kind == .leftBracket { depth += 1 }
                    if tokens[i].kind == .rightParen || tokens[i].kind == .rightBracket { depth -= 1 }
                    i += 1
                }
                let text = source.slice(Span(start, tokens[i - 1].span.end))
                defaultText = text
                defaultValue = constantValue(text)
            }
            parameters.append(Builtin.Parameter(name: parameter, isLabelled: labelled, defaultValue: defaultValue,
                                                defaultText: defaultText))
            if tokens[i].kind == .comma { i += 1 }
        }
        precondition(tokens[i].kind == .rightParen, "malformed builtin signature \(signature)")
        return (name, parameters, variadic)
    }

    /// Evaluates a default written in a signature: literals, constants, lists and tuples of them.
    private func constantValue(_ text: String) -> Value {
        var parser = Parser(Source(text, name: "<default>"))
        guard let expr = try? parser.expression() else { preconditionFailure("bad default \(text)") }
        func evaluate(_ expr: Expr) -> Value {
            switch expr.kind {
            case .number(let n): return .number(n)
            case .string(let s): return .string(s)
            case .bool(let b): return .bool(b)
            case .none: return .none
            case .unary(.negate, let inner):
                if case .number(let n) = evaluate(inner) { return .number(-n) }
            case .variable(let name):
                if let constant = constants[name] { return constant.value }
            case .list(let items): return .list(items.map(evaluate))
            case .tuple(let items): return .tuple(items.map(evaluate))
            default: break
            }
            preconditionFailure("bad default \(text)")
        }
        return evaluate(expr)
    }
}
