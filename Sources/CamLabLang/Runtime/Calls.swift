import CamLabCore

/// Calls of builtins and user functions. `a.f(b)` calls `f(a, b)` when `a` has no member `f`, so methods
/// and functions are the same thing: `model.fit(x, y)` is `fit(model, x, y)`. Both kinds of function bind
/// their arguments with the one `ArgumentBinder`.
extension Interpreter {
    struct EvaluatedArgument {
        let label: String?
        let labelSpan: Span?
        let value: Value
        let span: Span
        var isReceiver = false

        var shape: ArgumentBinder.Argument {
            ArgumentBinder.Argument(label: label, labelSpan: labelSpan, span: span, isReceiver: isReceiver)
        }
    }

    func evaluateCall(_ calleeExpr: Expr, _ arguments: [CallArgument], span: Span) throws -> Value {
        var callee: Value
        var evaluated: [EvaluatedArgument] = []
        if case .member(let baseExpr, let name, let nameSpan) = calleeExpr.kind {
            let base = try evaluate(baseExpr)
            if let member = try member(of: base, name) {
                callee = member
            } else if let function = lookup(name), function.isCallable {
                callee = function
                evaluated.append(EvaluatedArgument(label: nil, labelSpan: nil, value: base, span: baseExpr.span,
                                                   isReceiver: true))
            } else {
                throw noMember(name, of: base, at: nameSpan)
            }
        } else {
            callee = try evaluate(calleeExpr)
        }
        for argument in arguments {
            evaluated.append(EvaluatedArgument(label: argument.label, labelSpan: argument.labelSpan,
                                               value: try evaluate(argument.value), span: argument.value.span))
        }
        return try call(callee, evaluated, span: span)
    }

    func call(_ callee: Value, _ arguments: [EvaluatedArgument], span: Span) throws -> Value {
        switch callee {
        case .builtin(let builtin): return try callBuiltin(builtin, arguments, span: span)
        case .function(let function): return try callFunction(function, arguments, span: span)
        case .object(let object as any CallableObject):
            do {
                return try object.call(arguments.map { ObjectArgument(label: $0.label, value: $0.value) },
                                       budget: memoryBudget)
            } catch let failure as ArgumentProblem {
                throw error(failure.problem.message, help: failure.problem.help, at: arguments[failure.index].span)
            } catch let failure as Problem {
                throw error(failure.message, help: failure.help, at: span)
            }
        default: throw error("\(callee.typeNameWithArticle) cannot be called", at: span)
        }
    }

    /// The binder's verdict as a diagnostic in the current source.
    private func bind(_ binder: ArgumentBinder, _ arguments: [EvaluatedArgument], span: Span) throws -> [[Int]] {
        do {
            return try binder.bind(arguments.map(\.shape), at: span)
        } catch {
            throw self.error(error.message, help: error.help, at: error.span)
        }
    }

    private func callBuiltin(_ builtin: Builtin, _ arguments: [EvaluatedArgument], span: Span) throws -> Value {
        let parameters = builtin.parameters
        let binding = try bind(ArgumentBinder(builtin: builtin), arguments, span: span)
        var values: [Value] = []
        var spans: [Span?] = []
        for slot in parameters.indices {
            let given = binding[slot].map { arguments[$0] }
            spans.append(given.isEmpty ? nil : given.dropFirst().reduce(given[0].span) { $0.to($1.span) })
            if builtin.isVariadic && slot == builtin.lastPositionalIndex {
                // `zeros(2, 3)` collects the extents; `zeros(shape: (2, 3))` and `zeros(shape: 3)` give them whole.
                if given.count == 1, given[0].label != nil {
                    switch given[0].value {
                    case .list, .tuple: values.append(given[0].value)
                    default: values.append(.list([given[0].value]))
                    }
                } else {
                    values.append(.list(given.map(\.value)))
                }
            } else {
                values.append(given.first?.value ?? .none)
            }
        }
        let bound = BoundArguments(builtin: builtin, values: values, given: spans.map { $0 != nil })
        do {
            return try builtin.body(bound, self)
        } catch let problem as Problem {
            // A problem about an argument is worded in full by the builtin, and the caret goes to the argument;
            // any other is a sentence from the modules below, which names the builtin unless it already does.
            let index = problem.argument.flatMap { name in parameters.firstIndex { $0.name == name } }
            let message = problem.argument == nil ? problem.message(from: builtin.name) : problem.message
            throw error(asWritten(message), help: problem.help, at: index.flatMap { spans[$0] } ?? span)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch let interrupted as Interrupted {
            throw interrupted
        } catch {
            throw self.error(asWritten(Problem("\(error)").message(from: builtin.name)), at: span)
        }
    }

    /// A message with file names as the program wrote them: relative names were resolved against the session's
    /// working directory, which the user never typed.
    private func asWritten(_ message: String) -> String {
        guard let workingDirectory else { return message }
        let prefix = "'" + workingDirectory + "/"
        var out = "", rest = Substring(message)
        while let range = rest.firstRange(of: prefix) {
            out += rest[..<range.lowerBound] + "'"
            rest = rest[range.upperBound...]
        }
        return out + rest
    }

    private func callFunction(_ function: UserFunction, _ arguments: [EvaluatedArgument], span: Span) throws -> Value {
        let declaration = function.declaration
        guard frames.count < 200 else {
            throw error("too many nested calls (200) in '\(declaration.name)'; is the recursion missing a base case?",
                        at: span)
        }
        try interruption.check()
        let binding = try bind(ArgumentBinder(function: declaration, signature: function.signature), arguments,
                               span: span)
        var locals: [String: Value] = [:]
        let callerSource = source
        source = function.source
        defer { source = callerSource }
        for (slot, parameter) in declaration.parameters.enumerated() {
            if let index = binding[slot].first {
                locals[parameter.name] = arguments[index].value
            } else if let defaultExpr = parameter.defaultValue {
                locals[parameter.name] = try evaluate(defaultExpr)
            }
        }
        frames.append(locals)
        defer { frames.removeLast() }
        if case .returned(let value) = try execute(declaration.body) { return value }
        return .none
    }
}

extension Value {
    var isCallable: Bool {
        switch self {
        case .builtin, .function: return true
        default: return false
        }
    }
}
