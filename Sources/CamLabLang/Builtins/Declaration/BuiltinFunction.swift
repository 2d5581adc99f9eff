import CamLabCore

/// A builtin declared as a type, the way swift-argument-parser declares a command: each parameter is a property
/// wrapped in `@Positional` (passed by position), `@Labelled` (by label) or `@Variadic` (the remaining positions),
/// with its type and default. The signature, binding, `help`, completion and "did you mean" all derive from
/// those declarations; `run` reads the parameters as ordinary properties.
///
///     struct Round: BuiltinFunction {
///         static let configuration = BuiltinConfiguration("round", topic: "basics", "Rounds a number …")
///         @Positional var x: Double
///         @Labelled var digits = 0
///         func run(_ call: BuiltinCall) throws -> Value { … }
///     }
public protocol BuiltinFunction {
    init()
    static var configuration: BuiltinConfiguration { get }
    func run(_ call: BuiltinCall) throws -> Value
}

/// A builtin's name, the section `help()` lists it under, and its one-line doc.
public struct BuiltinConfiguration: Sendable {
    public let name: String
    public let topic: String
    public let doc: String
    public init(_ name: String, topic: String, _ doc: String) {
        self.name = name
        self.topic = topic
        self.doc = doc
    }
}

/// What a running builtin may use besides its arguments: the interpreter, the session's budget, stop request
/// and folder for relative file names.
public struct BuiltinCall {
    /// The name the builtin was called by, for messages ("explain: …").
    public let name: String
    public let interpreter: Interpreter
    public var budget: MemoryBudget { interpreter.memoryBudget }
    public var interruption: InterruptionFlag { interpreter.interruption }
    public var output: OutputReceiver { interpreter.output }
    var workingDirectory: String? { interpreter.workingDirectory }

    /// Throws when `count` float32 elements would exceed the budget, pointing at `parameter` when given.
    public func checkElements(_ count: Double, for what: String, at parameter: ParameterSlot? = nil) throws {
        if let failure = Limits.tooMany(count, for: what, budget: budget) {
            throw Problem(failure.message, argument: parameter?.name, help: failure.help)
        }
    }
}

extension BuiltinRegistry {
    /// Registers a builtin declared as a type.
    public func register<F: BuiltinFunction>(_ type: F.Type) {
        register(F.configuration, F.init)
    }

    /// Registers a module's table of builtins declared as types.
    public func register(_ types: [any BuiltinFunction.Type]) {
        for type in types { register(type) }
    }

    /// Registers a builtin made by `make`, for families of builtins sharing one type (the merges, `exp`/`log`).
    public func register<F: BuiltinFunction>(_ configuration: BuiltinConfiguration, _ make: @escaping () -> F) {
        let declared = ParameterSlot.slots(of: make())
        let parameters = declared.map {
            Builtin.Parameter(name: $0.name, isLabelled: $0.isLabelled, defaultText: $0.defaultText, help: $0.help)
        }
        add(Builtin(name: configuration.name, parameters: parameters, isVariadic: declared.contains(where: \.isVariadic),
                    doc: configuration.doc, topic: configuration.topic) { arguments, interpreter in
            let function = make()
            let call = BuiltinCall(name: arguments.builtin.name, interpreter: interpreter)
            let slots = ParameterSlot.slots(of: function)
            defer { for slot in slots { slot.callReturned() } }
            for (slot, index) in zip(slots, arguments.values.indices) {
                try slot.bind(arguments.values[index], given: arguments.given[index], in: call)
            }
            return try function.run(call)
        })
    }
}
