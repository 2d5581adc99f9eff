/// A function CamLab provides, as the registry records it from its declaration (see `BuiltinFunction`). The same
/// record feeds evaluation (argument binding and checking), `help`, completion of names and labels, and
/// "did you mean".
public final class Builtin: @unchecked Sendable {
    public struct Parameter: Sendable {
        public let name: String
        /// Labelled parameters are passed as `name: value`; the others by position.
        public let isLabelled: Bool
        /// The default as the signature shows it; nil when the argument is required.
        public let defaultText: String?
        public let help: String
        public var hasDefault: Bool { defaultText != nil }
    }

    public let name: String
    public let parameters: [Parameter]
    /// True when the last positional parameter collects all remaining positional arguments as a list.
    public let isVariadic: Bool
    public let doc: String
    /// The section `help()` lists it under ("tensors", "models", "explanations", …).
    public let topic: String
    let body: (BoundArguments, Interpreter) throws -> Value

    init(name: String, parameters: [Parameter], isVariadic: Bool, doc: String, topic: String,
         body: @escaping (BoundArguments, Interpreter) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.isVariadic = isVariadic
        self.doc = doc
        self.topic = topic
        self.body = body
    }

    /// `explain(model, x, layer: none, colormap: jet)`, as `help` prints it.
    public var signature: String {
        name + "(" + parameters.enumerated().map { index, p in
            var text = p.name
            if isVariadic && index == lastPositionalIndex { text += "..." }
            if p.isLabelled { text += ": " + (p.defaultText ?? "") }
            else if let defaultText = p.defaultText { text += " = " + defaultText }
            return text
        }.joined(separator: ", ") + ")"
    }

    public var labels: [String] { parameters.filter(\.isLabelled).map(\.name) }

    var lastPositionalIndex: Int? { parameters.lastIndex { !$0.isLabelled } }
}

/// A call's arguments matched to a builtin's parameters: one value per parameter (none where the call left it
/// out; a list for a variadic one), and whether the call wrote it.
struct BoundArguments {
    let builtin: Builtin
    let values: [Value]
    let given: [Bool]
}

