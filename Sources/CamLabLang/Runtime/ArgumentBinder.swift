import CamLabCore

/// Matches a call's arguments to a function's parameters, for builtins and user functions alike, with one set
/// of messages. The resolver runs it before a program starts on calls it can identify (so a misspelt label at
/// the end of a long script is reported before any training), and the interpreter on every call.
///
/// The rules are Python's: positional arguments fill the positional parameters in order (a variadic one takes
/// the rest); a labelled argument names any parameter; a parameter bound twice (by position and by label, or by
/// the receiver of `a.f(…)` and by label) is an error, as are unknown labels, extra positional arguments and
/// missing required ones.
struct ArgumentBinder {
    struct Parameter {
        let name: String
        /// False for parameters only passed by label (a builtin's `layer: none`).
        let byPosition: Bool
        let hasDefault: Bool
    }

    /// What the binder knows of an argument: its label, and where it was written.
    struct Argument {
        let label: String?
        let labelSpan: Span?
        let span: Span
        /// The `a` of `a.f(…)`, passed as the first argument.
        let isReceiver: Bool
    }

    struct Failure: Error {
        let message: String
        let help: String?
        let span: Span
    }

    let name: String
    let signature: String
    let parameters: [Parameter]
    /// The last positional parameter collects the remaining positional arguments (`zeros(shape...)`).
    let isVariadic: Bool

    /// For each parameter, the indices of the arguments bound to it: empty when it takes its default, one for an
    /// ordinary parameter, any number for a variadic one given by position.
    func bind(_ arguments: [Argument], at callSpan: Span) throws(Failure) -> [[Int]] {
        var bound = [[Int]](repeating: [], count: parameters.count)
        /// How each parameter got its value, for the "bound twice" message.
        var how = [String?](repeating: nil, count: parameters.count)
        let positional = parameters.indices.filter { parameters[$0].byPosition }
        let variadic = isVariadic ? positional.last : nil
        var next = 0
        let positionalCount = arguments.filter { $0.label == nil }.count
        for (index, argument) in arguments.enumerated() {
            if let label = argument.label {
                guard let slot = parameters.firstIndex(where: { $0.name == label }) else {
                    throw Failure(message: "\(name)() has no parameter '\(label)'",
                                  help: Suggestions.didYouMean(label, among: parameters.map(\.name))
                                      ?? "its signature is \(signature)",
                                  span: argument.labelSpan ?? argument.span)
                }
                if let earlier = how[slot] {
                    throw Failure(message: "\(name)() got two values for '\(label)': \(earlier) and one by label",
                                  help: "its signature is \(signature)", span: argument.labelSpan ?? argument.span)
                }
                bound[slot] = [index]
                how[slot] = "one by label"
                continue
            }
            if let variadic, next >= positional.count - 1 {
                bound[variadic].append(index)
                how[variadic] = how[variadic] ?? (argument.isReceiver ? "one from the receiver of '.\(name)(…)'"
                                                  : "one by position")
                next += 1
                continue
            }
            guard next < positional.count else {
                let names = positional.map { parameters[$0].name }.joined(separator: ", ")
                let labels = parameters.filter { !$0.byPosition }.map { "\($0.name): …" }
                throw Failure(message: "\(name)() takes \(positional.count) positional argument"
                              + "\(positional.count == 1 ? "" : "s")"
                              + (positional.isEmpty ? "" : " (\(names))") + " but \(positionalCount) were given",
                              help: labels.isEmpty ? "its signature is \(signature)"
                                  : "pass the others by label: \(labels.joined(separator: ", "))",
                              span: argument.span)
            }
            let slot = positional[next]
            bound[slot] = [index]
            how[slot] = argument.isReceiver ? "one from the receiver of '.\(name)(…)'" : "one by position"
            next += 1
        }
        for (slot, parameter) in parameters.enumerated() where bound[slot].isEmpty && !parameter.hasDefault {
            if slot == variadic { continue }  // `zeros()` is a call with no extents, which the builtin judges
            throw Failure(message: "\(name)() is missing argument '\(parameter.name)'",
                          help: "its signature is \(signature)", span: callSpan)
        }
        return bound
    }
}

extension ArgumentBinder {
    init(builtin: Builtin) {
        self.init(name: builtin.name, signature: builtin.signature,
                  parameters: builtin.parameters.map {
                      Parameter(name: $0.name, byPosition: !$0.isLabelled, hasDefault: $0.hasDefault)
                  },
                  isVariadic: builtin.isVariadic)
    }

    init(function declaration: FunctionDeclaration, signature: String) {
        self.init(name: declaration.name, signature: signature,
                  parameters: declaration.parameters.map {
                      Parameter(name: $0.name, byPosition: true, hasDefault: $0.defaultValue != nil)
                  },
                  isVariadic: false)
    }
}
