/// The one table of builtins and named constants. Evaluation, `help`, completion and "did you mean" all
/// read it, so a builtin is described in exactly one place. The language declares the table; CamLabLibrary
/// fills it (`BuiltinRegistry.standard`).
public final class BuiltinRegistry: @unchecked Sendable {
    public private(set) var functions: [String: Builtin] = [:]
    public private(set) var constants: [String: (value: Value, doc: String)] = [:]
    /// Topics in the order they were first used, for `help()`.
    public private(set) var topics: [String] = []

    public init() {}

    /// Registers a named constant such as the colormap `reds`.
    public func constant(_ name: String, kind: String, doc: String) {
        constants[name] = (.named(NamedValue(kind: kind, name: name)), doc)
    }

    package func add(_ builtin: Builtin) {
        precondition(functions[builtin.name] == nil, "builtin \(builtin.name) is registered twice")
        if !topics.contains(builtin.topic) { topics.append(builtin.topic) }
        functions[builtin.name] = builtin
    }

    /// Registers another name for an existing builtin (`explain_prediction_keras` for `explain`).
    public func alias(_ alias: String, for name: String) {
        guard let original = functions[name] else { preconditionFailure("alias of unknown builtin \(name)") }
        functions[alias] = Builtin(name: alias, parameters: original.parameters, isVariadic: original.isVariadic,
                                   doc: "Same as \(name): " + original.doc, topic: original.topic, body: original.body)
    }

    /// Every name a program can use without defining it.
    public var allNames: [String] { Array(functions.keys) + Array(constants.keys) }
}
