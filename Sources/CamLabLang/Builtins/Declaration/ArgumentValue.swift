import CamLabCore

/// A type a builtin's parameter may have: how an argument becomes one (with an error that names the parameter
/// and what it expected), and how a default of this type reads in the signature.
public protocol ArgumentValue {
    static func argument(_ slot: ParameterSlot) throws -> Self
    var shownAsDefault: String { get }
}

extension ParameterSlot {
    /// "round: 'x' must be a number, got "a"": the one wording of a wrong argument.
    public func fail(expected: String) -> Problem {
        Problem("\(builtinName): '\(name)' must be \(expected), got \(value.described)", argument: name)
    }

    /// An error about this argument, with the caret at it.
    public func error(_ message: String, help: String? = nil) -> Problem {
        Problem(message, argument: name, help: help)
    }

    /// `body`'s result; a problem it meets becomes one of this builtin at this argument (unless the problem names
    /// another), its message led by the builtin's name: what a reader or model says, said where the user wrote it.
    public func attributing<T>(_ body: () throws -> T) throws -> T {
        do { return try body() } catch let problem as Problem {
            throw Problem(problem.message(from: builtinName), argument: problem.argument ?? name, help: problem.help)
        }
    }

    var budget: MemoryBudget { call?.budget ?? .standard }

    /// The argument as an object of type `T` (a model, a layer, an explanation), or the failure naming `expected`.
    package func object<T>(_ type: T.Type, expected: String) throws -> T {
        guard case .object(let object as T) = value else { throw fail(expected: expected) }
        return object
    }
}

extension Value: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> Value { slot.value }
    public var shownAsDefault: String {
        switch self {
        case .none: return "none"
        case .bool(let b): return b ? "true" : "false"
        case .number(let n): return formatNumber(n)
        case .string(let s): return s.shownAsDefault
        case .named(let named): return named.name
        case .list(let items): return "[" + items.map(\.shownAsDefault).joined(separator: ", ") + "]"
        case .tuple(let items): return "(" + items.map(\.shownAsDefault).joined(separator: ", ") + ")"
        default: return printed
        }
    }
}

extension Optional: ArgumentValue where Wrapped: ArgumentValue {
    /// `none` is nil; anything else must be a `Wrapped`.
    public static func argument(_ slot: ParameterSlot) throws -> Wrapped? {
        if case .none = slot.value { return nil }
        return try Wrapped.argument(slot)
    }
    public var shownAsDefault: String { map(\.shownAsDefault) ?? "none" }
}

extension Double: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> Double {
        switch slot.value {
        case .number(let n): return n
        case .bool(let b): return b ? 1 : 0
        case .tensor(let t) where t.count == 1: return Double(shortest: t.scalars[0])
        default: throw slot.fail(expected: "a number")
        }
    }
    public var shownAsDefault: String { formatNumber(self) }
}

extension Float: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> Float { Float(try Double.argument(slot)) }
    public var shownAsDefault: String { formatNumber(Double(shortest: self)) }
}

extension Int: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> Int {
        guard let n = slot.value.wholeNumber else {
            throw slot.fail(expected: "a whole number \(Limits.wholeNumberRange)")
        }
        return n
    }
    public var shownAsDefault: String { String(self) }
}

extension Bool: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> Bool {
        guard case .bool(let b) = slot.value else { throw slot.fail(expected: "true or false") }
        return b
    }
    public var shownAsDefault: String { self ? "true" : "false" }
}

extension String: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> String {
        guard case .string(let s) = slot.value else { throw slot.fail(expected: "a string") }
        return s
    }
    /// As written in a program: `"\n"`.
    public var shownAsDefault: String {
        "\"" + replacing("\\", with: "\\\\").replacing("\"", with: "\\\"").replacing("\n", with: "\\n") + "\""
    }
}

extension Tensor: ArgumentValue {
    /// A tensor, or a number or (nested) list of numbers turned into one.
    public static func argument(_ slot: ParameterSlot) throws -> Tensor {
        switch slot.value {
        case .tensor, .number, .bool, .range:
            do { return try slot.value.asTensor(budget: slot.budget) } catch let problem as Problem {
                throw problem.about(slot.name)  // a range too long for the budget
            }
        case .list, .tuple:
            do { return try slot.value.asTensor(budget: slot.budget) } catch let error as Problem {
                // Say what is wrong inside the list (ragged rows, a string among numbers).
                throw slot.error("\(slot.builtinName): '\(slot.name)' cannot become a tensor; \(error.message)",
                                 help: error.help)
            }
        default: throw slot.fail(expected: "a tensor")
        }
    }
    public var shownAsDefault: String { "tensor" }
}

extension Array: ArgumentValue where Element == Value {
    /// The items of a list, tuple or range.
    public static func argument(_ slot: ParameterSlot) throws -> [Value] {
        switch slot.value {
        case .list(let items), .tuple(let items): return items
        case .range(let lower, let upper):
            try slot.call?.checkElements(Double(upper) - Double(lower),
                                         for: "\(slot.builtinName): the range in '\(slot.name)'", at: slot)
            return (lower..<Swift.max(lower, upper)).map { .number(Double($0)) }
        default: throw slot.fail(expected: "a list")
        }
    }
    public var shownAsDefault: String { Value.list(self).shownAsDefault }
}

/// A file name, refused when it holds a control character (a NUL would cut it short in the C library) and
/// resolved against the session's working directory.
public struct FilePath: ArgumentValue {
    /// The name to open: relative names resolved against the session's folder.
    public let path: String

    package init(path: String) { self.path = path }

    public static func argument(_ slot: ParameterSlot) throws -> FilePath {
        let text = try String.argument(slot)
        try slot.attributing { try FileIO.checkPath(text) }
        guard let folder = slot.call?.workingDirectory, !text.hasPrefix("/"), !text.hasPrefix("~/") else {
            return FilePath(path: text)
        }
        return FilePath(path: folder + "/" + text)
    }
    public var shownAsDefault: String { path.shownAsDefault }

    /// The lower-cased extension ("npy"), or "" when the name has none.
    public var fileExtension: String {
        guard let dot = path.lastIndex(of: "."), !path[dot...].contains("/") else { return "" }
        return path[path.index(after: dot)...].lowercased()
    }
}

/// A named constant of one kind (`padding: same`), also accepted as a string ("same"), or a builtin standing for
/// the constant of its name (the `softmax` layer's builtin for the softmax activation).
public protocol NamedChoice: ArgumentValue, CaseIterable, RawRepresentable where RawValue == String {
    /// "padding", "activation": how messages name the kind.
    static var kind: String { get }
}

extension NamedChoice {
    public static func argument(_ slot: ParameterSlot) throws -> Self {
        let name = try slot.choice(kind: kind, among: allCases.map(\.rawValue))
        guard let choice = Self(rawValue: name) else { throw slot.fail(expected: "a \(kind)") }
        return choice
    }
    public var shownAsDefault: String { rawValue }
}

extension ParameterSlot {
    /// The name of a constant of `kind` among `choices`, with "did you mean" for a misspelt one.
    public func choice(kind: String, among choices: [String]) throws -> String {
        let text: String
        switch value {
        case .named(let named) where named.kind == kind: text = named.name
        case .builtin(let builtin) where choices.contains(builtin.name): text = builtin.name
        case .string(let s): text = s
        default: throw fail(expected: "a \(kind) (\(choices.joined(separator: ", ")))")
        }
        guard choices.contains(text) else {
            throw error("\(builtinName): unknown \(kind) '\(text)'",
                        help: Suggestions.didYouMean(text, among: choices)
                            ?? "choose one of \(choices.joined(separator: ", "))")
        }
        return text
    }
}
