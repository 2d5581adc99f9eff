import CamLabCore

/// Calls of builtins and user functions. `a.f(b)` calls `f(a, b)` when `a` has no member `f`, so methods
/// and functions are the same thing: `model.fit(x, y)` is `fit(model, x, y)`.
extension Interpreter {
    struct EvaluatedArgument {
        let label: String?
        let labelSpan: Span?
        let value: Value
        let span: Span
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
                evaluated.append(EvaluatedArgument(label: nil, labelSpan: nil, value: base, span: baseExpr.span))
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
        default: throw error("\(callee.typeNameWithArticle) cannot be called", at: span)
        }
    }

    private func callBuiltin(_ builtin: Builtin, _ arguments: [EvaluatedArgument], span: Span) throws -> Value {
        let parameters = builtin.parameters
        var values: [Value?] = parameters.map(\.defaultValue)
        var spans: [Span?] = Array(repeating: nil, count: parameters.count)
        let positional = parameters.indices.filter { !parameters[$0].isLabelled }
        var variadicItems: [Value] = []
        var next = 0
        for argument in arguments {
            if let label = argument.label {
                guard let index = parameters.firstIndex(where: { $0.name == label }) else {
                    throw error("\(builtin.name)() has no parameter '\(label)'",
                                help: Suggestions.didYouMean(label, among: parameters.map(\.name))
                                    ?? "its signature is \(builtin.signature)",
                                at: argument.labelSpan ?? argument.span)
                }
                values[index] = argument.value
                spans[index] = argument.span
            } else if builtin.isVariadic, next >= positional.count - 1, let last = positional.last {
                variadicItems.append(argument.value)
                spans[last] = spans[last].map { $0.to(argument.span) } ?? argument.span
                next += 1
            } else {
                guard next < positional.count else {
                    let names = positional.map { parameters[$0].name }.joined(separator: ", ")
                    throw error("\(builtin.name)() takes \(positional.count) positional argument"
                                + "\(positional.count == 1 ? "" : "s") (\(names)) but "
                                + "\(arguments.filter { $0.label == nil }.count) were given",
                                help: builtin.labels.isEmpty ? nil
                                    : "pass the others by label: \(builtin.labels.map { "\($0): …" }.joined(separator: ", "))",
                                at: argument.span)
                }
                values[positional[next]] = argument.value
                spans[positional[next]] = argument.span
                next += 1
            }
        }
        if builtin.isVariadic, let last = positional.last { values[last] = .list(variadicItems) }
        if let missing = values.firstIndex(where: { $0 == nil }) {
            throw error("\(builtin.name)() is missing argument '\(parameters[missing].name)'",
                        help: "its signature is \(builtin.signature)", at: span)
        }
        var bound = Arguments(builtin: builtin, values: values.map { $0! }, spans: spans)
        do {
            return try builtin.body(&bound, self)
        } catch let failure as BuiltinError {
            let index = failure.argument.flatMap { name in parameters.firstIndex { $0.name == name } }
            throw error(failure.message, help: failure.help, at: index.flatMap { spans[$0] } ?? span)
        } catch let diagnostic as Diagnostic {
            throw diagnostic
        } catch let interrupted as Interrupted {
            throw interrupted
        } catch {
            // Errors from the modules below are full sentences; name the builtin unless they already do.
            let message = "\(error)"
            throw self.error(message.hasPrefix(builtin.name) ? message : "\(builtin.name): \(message)", at: span)
        }
    }

    private func callFunction(_ function: UserFunction, _ arguments: [EvaluatedArgument], span: Span) throws -> Value {
        let declaration = function.declaration
        guard frames.count < 200 else {
            throw error("too many nested calls (200) in '\(declaration.name)'; is the recursion missing a base case?",
                        at: span)
        }
        try Interruption.check()
        var locals: [String: Value] = [:]
        var next = 0
        for argument in arguments {
            if let label = argument.label {
                guard declaration.parameters.contains(where: { $0.name == label }) else {
                    throw error("\(declaration.name)() has no parameter '\(label)'",
                                help: Suggestions.didYouMean(label, among: declaration.parameters.map(\.name)),
                                at: argument.labelSpan ?? argument.span)
                }
                locals[label] = argument.value
            } else {
                guard next < declaration.parameters.count else {
                    throw error("\(declaration.name)() takes \(declaration.parameters.count) argument\(declaration.parameters.count == 1 ? "" : "s") but "
                                + "\(arguments.count) were given", at: argument.span)
                }
                locals[declaration.parameters[next].name] = argument.value
                next += 1
            }
        }
        let callerSource = source
        source = function.source
        defer { source = callerSource }
        for parameter in declaration.parameters where locals[parameter.name] == nil {
            guard let defaultExpr = parameter.defaultValue else {
                source = callerSource
                throw error("\(declaration.name)() is missing argument '\(parameter.name)'", at: span)
            }
            locals[parameter.name] = try evaluate(defaultExpr)
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
