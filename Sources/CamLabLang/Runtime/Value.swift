import CamLabCore

/// Every value a CamLab program handles.
public enum Value: @unchecked Sendable {
    case none
    case bool(Bool)
    case number(Double)
    case string(String)
    case list([Value])
    case tuple([Value])
    /// `lower..<upper`, kept lazy so `for i in 0..<60000` allocates nothing.
    case range(Int, Int)
    case tensor(Tensor)
    case function(UserFunction)
    case builtin(Builtin)
    /// A named constant: a colormap, activation, optimizer, loss, padding or resampling filter.
    case named(NamedValue)
    /// A model, data set, explanation, image, training history…: anything with members.
    case object(any CamLabObject)

    /// The type's name as users see it in messages ("number", "tensor", "model").
    public var typeName: String {
        switch self {
        case .none: return "none"
        case .bool: return "bool"
        case .number: return "number"
        case .string: return "string"
        case .list: return "list"
        case .tuple: return "tuple"
        case .range: return "range"
        case .tensor: return "tensor"
        case .function, .builtin: return "function"
        case .named(let named): return named.kind
        case .object(let object): return object.typeName
        }
    }

    /// Numbers read from tensors are Float; this keeps their short decimal form (0.8734, not 0.87339997).
    public static func number(_ value: Float) -> Value { .number(Double(shortest: value)) }

    public var isTruthy: Bool {
        switch self {
        case .none: return false
        case .bool(let b): return b
        case .number(let n): return n != 0
        case .string(let s): return !s.isEmpty
        case .list(let items), .tuple(let items): return !items.isEmpty
        case .range(let lower, let upper): return upper > lower
        case .tensor(let t): return t.scalarValue.map { $0 != 0 } ?? (t.count > 0)
        default: return true
        }
    }
}

extension Double {
    /// The Double whose shortest decimal form equals the Float's shortest decimal form.
    public init(shortest value: Float) {
        self = value.isFinite ? (Double(value.description) ?? Double(value)) : Double(value)
    }
}

/// A named constant such as the colormap `reds` or the activation `relu`.
public struct NamedValue: Sendable, Hashable {
    /// "colormap", "activation", "optimizer", "loss", "metric", "padding", "resampling".
    public let kind: String
    public let name: String
    public init(kind: String, name: String) { self.kind = kind; self.name = name }
}

/// A value with named members (`model.layers`, `e.method`), printed by `summary`.
public protocol CamLabObject: AnyObject {
    var typeName: String { get }
    /// Member names, for `.` completion and "did you mean".
    var memberNames: [String] { get }
    func member(_ name: String) -> Value?
    /// How `print` shows the object.
    var summary: String { get }
    /// Values worth offering when the user types a string for argument `label` of a call whose first
    /// argument is this object (a model offers its layer names for `layer:`).
    func stringCompletions(forLabel label: String) -> [String]
}

extension CamLabObject {
    public func stringCompletions(forLabel label: String) -> [String] { [] }
}

/// An object a program may call like a function: the library's layers, called on a symbolic tensor
/// (`conv2d(16, 3)(x)`), record a step of a functional model. A `Problem` thrown is reported at the call, an
/// `ArgumentProblem` at the argument it names.
public protocol CallableObject: CamLabObject {
    func call(_ arguments: [ObjectArgument], budget: MemoryBudget) throws -> Value
}

/// One argument of a call on an object, as the program wrote it.
public struct ObjectArgument {
    public let label: String?
    public let value: Value
}

/// What is wrong with the argument at `index` of a call on an object.
public struct ArgumentProblem: Error {
    public let index: Int
    public let problem: Problem
    public init(index: Int, _ problem: Problem) { self.index = index; self.problem = problem }
}

/// An object with members a program may assign (`layer.trainable = false`); the rest stay read-only.
public protocol SettableMembers: CamLabObject {
    var settableMemberNames: [String] { get }
    /// Throws a `Problem` when the value does not suit the member.
    func setMember(_ name: String, to value: Value) throws
}

/// A plain object with fixed fields in a fixed order: data sets, Grad-CAM results, evaluation reports.
public final class Record: CamLabObject {
    public let typeName: String
    public let fields: [(name: String, value: Value)]
    /// The fields `a, b = record` assigns, in order (all fields unless the record says otherwise).
    public let unpacked: [Value]
    private let text: String?

    /// `unpacking` names the fields destructuring yields: a data set unpacks to `(train, test)` as Keras'
    /// `load_data()` does, while `class_names` stays a member.
    public init(_ typeName: String, _ fields: [(String, Value)], unpacking: [String]? = nil, summary: String? = nil) {
        self.typeName = typeName
        self.fields = fields.map { (name: $0.0, value: $0.1) }
        self.unpacked = (unpacking ?? fields.map(\.0)).compactMap { name in fields.first { $0.0 == name }?.1 }
        self.text = summary
    }

    public var memberNames: [String] { fields.map(\.name) }
    public func member(_ name: String) -> Value? { fields.first { $0.name == name }?.value }
    public var summary: String {
        text ?? "\(typeName)(" + fields.map { "\($0.name): \($0.value.shortDescription)" }.joined(separator: ", ") + ")"
    }
}

/// A function written in CamLab, with the source it came from (for error locations in later inputs).
public final class UserFunction: @unchecked Sendable {
    public let declaration: FunctionDeclaration
    let source: Source
    init(_ declaration: FunctionDeclaration, source: Source) {
        self.declaration = declaration
        self.source = source
    }
    public var signature: String {
        declaration.name + "(" + declaration.parameters.map { p in
            p.defaultValue.map { p.name + " = " + source.slice($0.span) } ?? p.name
        }.joined(separator: ", ") + ")"
    }
}
