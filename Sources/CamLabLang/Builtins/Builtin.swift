/// A function CamLab provides, registered once with its signature and a one-line doc. The same record feeds
/// evaluation (argument binding and checking), `help`, completion of names and labels, and "did you mean".
public final class Builtin: @unchecked Sendable {
    public struct Parameter: Sendable {
        public let name: String
        /// Labelled parameters are passed as `name: value`; the others by position.
        public let isLabelled: Bool
        /// nil when the argument is required.
        public let defaultValue: Value?
        /// Printed form of the default, as written in the signature.
        public let defaultText: String?
    }

    public let name: String
    public let parameters: [Parameter]
    /// True when the last positional parameter collects all remaining positional arguments as a list.
    public let isVariadic: Bool
    public let doc: String
    /// The section `help()` lists it under ("tensors", "models", "explanations", …).
    public let topic: String
    let body: (inout Arguments, Interpreter) throws -> Value

    init(name: String, parameters: [Parameter], isVariadic: Bool, doc: String, topic: String,
         body: @escaping (inout Arguments, Interpreter) throws -> Value) {
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

/// An error a builtin raises about its input. The interpreter points the caret at the offending argument
/// when `argument` names one, else at the whole call.
public struct BuiltinError: Error, Sendable {
    public let message: String
    public let argument: String?
    public let help: String?
    public init(_ message: String, argument: String? = nil, help: String? = nil) {
        self.message = message
        self.argument = argument
        self.help = help
    }
}
