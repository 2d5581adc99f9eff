import CamLabCore

/// The arguments of one builtin call, bound to its parameters, with typed accessors whose errors name the
/// argument and what was expected.
public struct Arguments {
    let builtin: Builtin
    /// One value per parameter (defaults filled in); a variadic parameter holds a list.
    var values: [Value]
    /// Where each argument was written, for carets; nil for defaults.
    let spans: [Span?]
    /// The session's memory budget, for builtins that build large things.
    var budget: MemoryBudget = .standard
    /// The session's stop request, for builtins that loop (predict over batches, galleries of explanations).
    var interruption = InterruptionFlag()
    /// The session's folder for relative file names (nil: the process's working directory).
    var workingDirectory: String? = nil

    /// The file name in argument `name`, refused when it holds a control character (a NUL would cut it short
    /// in the C library) and resolved against the session's working directory.
    public func path(_ name: String) throws -> String {
        let text = try string(name)
        do { try FileIO.checkPath(text) } catch {
            throw BuiltinError("\(builtin.name): \(error.message)", argument: name)
        }
        guard let workingDirectory, !text.hasPrefix("/"), !text.hasPrefix("~/") else { return text }
        return workingDirectory + "/" + text
    }

    /// The lower-cased extension of a file name ("npy"), or "" when it has none.
    public static func fileExtension(_ path: String) -> String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "" }
        return path[path.index(after: dot)...].lowercased()
    }

    /// Throws when `count` float32 elements would exceed the budget, pointing at argument `name`.
    public func checkElements(_ count: Double, for what: String, argument name: String? = nil) throws {
        if let failure = Limits.tooMany(count, for: what, budget: budget) {
            throw BuiltinError(failure.message, argument: name, help: failure.help)
        }
    }

    public subscript(_ name: String) -> Value {
        guard let index = builtin.parameters.firstIndex(where: { $0.name == name }) else {
            preconditionFailure("\(builtin.name) has no parameter \(name)")
        }
        return values[index]
    }

    /// True when the call wrote this argument (rather than taking its default).
    public func given(_ name: String) -> Bool {
        builtin.parameters.firstIndex { $0.name == name }.map { spans[$0] != nil } ?? false
    }

    public func isNone(_ name: String) -> Bool {
        if case .none = self[name] { return true }
        return false
    }

    func fail(_ name: String, expected: String) -> BuiltinError {
        let value = self[name]
        return BuiltinError("\(builtin.name): '\(name)' must be \(expected), got \(value.described)",
                            argument: name)
    }

    public func number(_ name: String) throws -> Double {
        switch self[name] {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return Double(shortest: t.scalars[0])
        default: throw fail(name, expected: "a number")
        }
    }

    public func float(_ name: String) throws -> Float { Float(try number(name)) }

    public func int(_ name: String) throws -> Int {
        guard let n = self[name].wholeNumber else { throw fail(name, expected: "a whole number \(Limits.wholeNumberRange)") }
        return n
    }

    public func positiveInt(_ name: String) throws -> Int {
        let n = try int(name)
        guard n > 0 else { throw fail(name, expected: "a positive whole number") }
        return n
    }

    public func optionalInt(_ name: String) throws -> Int? { isNone(name) ? nil : try int(name) }

    public func string(_ name: String) throws -> String {
        guard case .string(let s) = self[name] else { throw fail(name, expected: "a string") }
        return s
    }

    public func optionalString(_ name: String) throws -> String? { isNone(name) ? nil : try string(name) }

    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let b) = self[name] else { throw fail(name, expected: "true or false") }
        return b
    }

    /// A tensor, or a number/list of numbers turned into one.
    public func tensor(_ name: String) throws -> Tensor {
        switch self[name] {
        case .tensor, .number, .bool, .range: return try self[name].asTensor(budget: budget)
        case .list, .tuple:
            do { return try self[name].asTensor(budget: budget) } catch let error as BuiltinError {
                // Say what is wrong inside the list (ragged rows, a string among numbers).
                throw BuiltinError("\(builtin.name): '\(name)' cannot become a tensor; \(error.message)", argument: name,
                                   help: error.help)
            }
        default: throw fail(name, expected: "a tensor")
        }
    }

    public func items(_ name: String) throws -> [Value] {
        switch self[name] {
        case .list(let items), .tuple(let items): return items
        case .range(let lower, let upper):
            try checkElements(Double(upper) - Double(lower), for: "\(builtin.name): the range in '\(name)'", argument: name)
            return (lower..<max(lower, upper)).map { .number(Double($0)) }
        default: throw fail(name, expected: "a list")
        }
    }

    public func object<T: CamLabObject>(_ name: String, as type: T.Type, expected: String) throws -> T {
        guard case .object(let object) = self[name], let typed = object as? T else { throw fail(name, expected: expected) }
        return typed
    }

    /// A named constant of the given kind, also accepted as a string ("relu" for relu), or a builtin standing for
    /// the constant of its name (the `softmax` layer's builtin for the softmax activation).
    public func named(_ name: String, kind: String, among choices: [String]) throws -> String {
        let text: String
        switch self[name] {
        case .named(let named) where named.kind == kind: text = named.name
        case .builtin(let builtin) where choices.contains(builtin.name): text = builtin.name
        case .string(let s): text = s
        default: throw fail(name, expected: "a \(kind) (\(choices.joined(separator: ", ")))")
        }
        guard choices.contains(text) else {
            throw BuiltinError("\(builtin.name): unknown \(kind) '\(text)'", argument: name,
                               help: Suggestions.didYouMean(text, among: choices)
                                   ?? "choose one of \(choices.joined(separator: ", "))")
        }
        return text
    }
}

extension Value {
    /// Numbers, nested lists of numbers, and tensors as a tensor.
    public func asTensor(budget: MemoryBudget = .standard) throws -> Tensor {
        switch self {
        case .tensor(let t): return t
        case .number(let n): return Tensor(scalar: Float(n))
        case .bool(let b): return Tensor(scalar: b ? 1 : 0)
        case .range(let lower, let upper):
            if let failure = Limits.tooMany(Double(upper) - Double(lower), for: "a tensor of the range \(printed)",
                                            budget: budget) {
                throw BuiltinError(failure.message, help: failure.help)
            }
            return Tensor((lower..<max(lower, upper)).map { Float($0) })
        case .list(let items), .tuple(let items):
            let rows = try items.map { try $0.asTensor(budget: budget) }
            guard let first = rows.first else { return Tensor(shape: [0], scalars: []) }
            if let odd = rows.firstIndex(where: { $0.shape != first.shape }) {
                throw BuiltinError("the rows of a list are ragged: item 0 has shape \(first.shape.shapeDescription), "
                                   + "item \(odd) has shape \(rows[odd].shape.shapeDescription)",
                                   help: "every row of a tensor needs the same number of elements")
            }
            return Tensor(shape: [rows.count] + first.shape, scalars: rows.flatMap(\.scalars))
        default:
            throw BuiltinError("\(typeNameWithArticle) cannot be used as a tensor")
        }
    }
}
