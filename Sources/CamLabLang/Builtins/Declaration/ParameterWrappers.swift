/// The property wrappers a `BuiltinFunction` declares its parameters with (named apart from swift-argument-parser's
/// `@Argument` and `@Option`, which the `camlab` command uses beside them). Each holds a `ParameterSlot`: the
/// declaration (kind, default, help) and, during a call, the bound argument; `$name` is the slot, for messages
/// that point at the argument (`throw $x.fail(expected: "a list")`).

/// A parameter passed by position; optional when it has a default (`@Positional var end: Int? = nil`).
@propertyWrapper public struct Positional<T: ArgumentValue>: DeclaredParameter {
    public let projectedValue: ParameterSlot
    public var wrappedValue: T { projectedValue.bound as! T }

    public init() {
        projectedValue = ParameterSlot(isLabelled: false, default: nil, help: "", check: Check<T>?.none)
    }
    public init(_ check: Check<T>? = nil, help: String) {
        projectedValue = ParameterSlot(isLabelled: false, default: nil, help: help, check: check)
    }
    public init(_ check: Check<T>) {
        projectedValue = ParameterSlot(isLabelled: false, default: nil, help: "", check: check)
    }
    public init(wrappedValue: T, _ check: Check<T>? = nil, shown: String? = nil, help: String = "") {
        projectedValue = ParameterSlot(isLabelled: false, default: (wrappedValue, shown ?? wrappedValue.shownAsDefault),
                                       help: help, check: check)
    }
}

/// A parameter passed by label, with a default: `@Labelled var axis = -1` is `axis: -1`.
@propertyWrapper public struct Labelled<T: ArgumentValue>: DeclaredParameter {
    public let projectedValue: ParameterSlot
    public var wrappedValue: T { projectedValue.bound as! T }

    public init(wrappedValue: T, _ check: Check<T>? = nil, shown: String? = nil, help: String = "") {
        projectedValue = ParameterSlot(isLabelled: true, default: (wrappedValue, shown ?? wrappedValue.shownAsDefault),
                                       help: help, check: check)
    }
}

/// The last positional parameter, collecting the remaining positional arguments: `zeros(shape...)`.
@propertyWrapper public struct Variadic: DeclaredParameter {
    public let projectedValue: ParameterSlot
    public var wrappedValue: [Value] { projectedValue.bound as! [Value] }

    public init() {
        projectedValue = ParameterSlot(isLabelled: false, default: nil, help: "", check: Check<[Value]>?.none)
        projectedValue.isVariadic = true
    }
}

/// Parameters several builtins share, declared once (a layer's `input_shape`, `name` and `trainable`).
public protocol ParameterGroup { init() }

@propertyWrapper public struct Group<Members: ParameterGroup>: DeclaredGroup {
    public var wrappedValue: Members
    public init() { wrappedValue = Members() }
    var members: Any { wrappedValue }
}

/// A rule a converted argument must also satisfy, checked when the call binds it: `@Labelled(.positive) var count = 6`.
public struct Check<T> {
    package let validate: (T, ParameterSlot) throws -> Void
    public init(_ validate: @escaping (T, ParameterSlot) throws -> Void) { self.validate = validate }
}

protocol DeclaredParameter { var projectedValue: ParameterSlot { get } }
protocol DeclaredGroup { var members: Any { get } }

/// One parameter of a builtin: its declaration, and the argument a call bound to it.
public final class ParameterSlot {
    /// The parameter's name as users write it: the property's name in snake case (`inputShape` is `input_shape`).
    public internal(set) var name = ""
    let isLabelled: Bool
    fileprivate(set) var isVariadic = false
    /// The default as the signature shows it; nil when the argument is required.
    let defaultText: String?
    let help: String
    private let convert: (ParameterSlot) throws -> Any
    /// The typed value `run` reads: the default, or the converted argument.
    fileprivate(set) var bound: Any?
    /// The argument as written (none when the call left it out), and whether the call gave it.
    public private(set) var value: Value = .none
    public private(set) var isGiven = false
    /// The call being bound and run, for conversions that need its budget or folder; nil once it has returned.
    public private(set) var call: BuiltinCall?
    /// The builtin's name, for messages.
    public private(set) var builtinName = ""

    init<T: ArgumentValue>(isLabelled: Bool, default: (value: T, text: String)?, help: String, check: Check<T>?) {
        self.isLabelled = isLabelled
        self.defaultText = `default`?.text
        self.help = help
        self.bound = `default`?.value
        self.convert = { slot in
            let converted = try T.argument(slot)
            try check?.validate(converted, slot)
            return converted
        }
    }

    func bind(_ argument: Value, given: Bool, in call: BuiltinCall) throws {
        self.call = call
        self.builtinName = call.name
        self.value = argument
        self.isGiven = given
        if given || defaultText == nil { bound = try convert(self) }
    }

    /// Lets go of the call once it has returned: a value may keep its builtin (a layer value keeps the builtin that
    /// makes its layers), and the call would keep the interpreter, which keeps that value.
    func callReturned() { call = nil }

    /// The parameter slots of a declared builtin (or group), in declaration order, named after their properties.
    static func slots(of subject: Any) -> [ParameterSlot] {
        Mirror(reflecting: subject).children.flatMap { child -> [ParameterSlot] in
            if let group = child.value as? DeclaredGroup { return slots(of: group.members) }
            guard let parameter = child.value as? DeclaredParameter, let label = child.label else { return [] }
            parameter.projectedValue.name = snakeCase(label.hasPrefix("_") ? String(label.dropFirst()) : label)
            return [parameter.projectedValue]
        }
    }

    private static func snakeCase(_ name: String) -> String {
        var out = ""
        for character in name {
            if character.isUppercase { out += "_" + character.lowercased() } else { out.append(character) }
        }
        return out
    }
}
