import CamLabCore
import CamLabNN
#if canImport(Glibc)
import Glibc
#endif

/// Creating, reshaping and reducing tensors.
func registerTensorBuiltins(in r: BuiltinRegistry) {
    for builtin: any BuiltinFunction.Type in [
        TensorBuiltin.self, Zeros.self, Ones.self, Reshape.self, FlattenBuiltin.self, ShapeBuiltin.self, Argmax.self,
        Sum.self, Mean.self, Max.self, Min.self, Matmul.self, Transpose.self, Concat.self, Clip.self,
    ] {
        r.register(builtin)
    }
    for (name, doc, domain, number, element) in elementwiseFunctions {
        r.register(BuiltinConfiguration(name, topic: "tensors", doc)) {
            Elementwise(domain: domain, number: number, element: element)
        }
    }
}

struct TensorBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("tensor", topic: "tensors",
                                                    "A tensor from a number or (nested) list of numbers.")
    @Positional var values: Tensor
    func run(_ call: BuiltinCall) throws -> Value { .tensor(values) }
}

struct Zeros: BuiltinFunction {
    static let configuration = BuiltinConfiguration("zeros", topic: "tensors", "A tensor of zeros: zeros(2, 3).")
    @Variadic var shape: [Value]
    func run(_ call: BuiltinCall) throws -> Value { .tensor(Tensor.zeros(try extents($shape, call))) }
}

struct Ones: BuiltinFunction {
    static let configuration = BuiltinConfiguration("ones", topic: "tensors", "A tensor of ones: ones(2, 3).")
    @Variadic var shape: [Value]
    func run(_ call: BuiltinCall) throws -> Value { .tensor(Tensor.ones(try extents($shape, call))) }
}

struct Reshape: BuiltinFunction {
    static let configuration = BuiltinConfiguration("reshape", topic: "tensors",
        "The same elements in a new shape; one extent may be -1: x.reshape(-1, 28, 28, 1).")
    @Positional var x: Tensor
    @Variadic var shape: [Value]
    func run(_ call: BuiltinCall) throws -> Value {
        .tensor(try x.reshaped(try extents($shape, call, allowInferred: true)))
    }
}

/// `flatten(x)` flattens a tensor; `flatten()` with no tensor is the Keras layer.
struct FlattenBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("flatten", topic: "tensors",
        "flatten(x): the elements of a tensor as one row; flatten(): a layer flattening each example.")
    @Positional var x: Tensor? = nil
    @Group var layer: LayerOptions

    func run(_ call: BuiltinCall) throws -> Value {
        guard let x else { return try layer.spec("flatten", settings: "") { Flatten() } }
        return .tensor(try x.reshaped([x.count]))
    }
}

struct ShapeBuiltin: BuiltinFunction {
    static let configuration = BuiltinConfiguration("shape", topic: "tensors", "The extents of a tensor's axes, as a tuple.")
    @Positional var x: Tensor
    func run(_ call: BuiltinCall) throws -> Value { .tuple(x.shape.map { .number(Double($0)) }) }
}

struct Argmax: BuiltinFunction {
    static let configuration = BuiltinConfiguration("argmax", topic: "tensors",
        "The index of the largest element along an axis (the last by default).")
    @Positional var x: Tensor
    @Labelled var axis = -1
    func run(_ call: BuiltinCall) throws -> Value { Interpreter.scalarOrTensor(try x.argmax(axis: axis)) }
}

struct Sum: BuiltinFunction {
    static let configuration = BuiltinConfiguration("sum", topic: "tensors", "The sum of all elements, or along an axis.")
    @Positional var x: Tensor
    @Labelled var axis: Int? = nil
    func run(_ call: BuiltinCall) throws -> Value {
        try axis.map { .tensor(try x.sum(axis: $0)) } ?? .number(x.sum())
    }
}

struct Mean: BuiltinFunction {
    static let configuration = BuiltinConfiguration("mean", topic: "tensors",
        "The mean of all elements, or along an axis; mean(y_pred == y_test) is an accuracy.")
    @Positional var x: Tensor
    @Labelled var axis: Int? = nil
    func run(_ call: BuiltinCall) throws -> Value {
        try axis.map { .tensor(try x.mean(axis: $0)) } ?? .number(x.mean())
    }
}

struct Max: BuiltinFunction {
    static let configuration = BuiltinConfiguration("max", topic: "tensors", "The largest element, or along an axis.")
    @Positional var x: Tensor
    @Labelled var axis: Int? = nil
    func run(_ call: BuiltinCall) throws -> Value {
        try axis.map { .tensor(try x.max(axis: $0)) } ?? .number(try nonEmpty(x.max(), "max", $x))
    }
}

struct Min: BuiltinFunction {
    static let configuration = BuiltinConfiguration("min", topic: "tensors", "The smallest element, or along an axis.")
    @Positional var x: Tensor
    @Labelled var axis: Int? = nil
    func run(_ call: BuiltinCall) throws -> Value {
        try axis.map { .tensor(try x.min(axis: $0)) } ?? .number(try nonEmpty(x.min(), "min", $x))
    }
}

struct Matmul: BuiltinFunction {
    static let configuration = BuiltinConfiguration("matmul", topic: "tensors", "The matrix product of two 2-D tensors.")
    @Positional var a: Tensor
    @Positional var b: Tensor
    func run(_ call: BuiltinCall) throws -> Value {
        if a.rank == 2, b.rank == 2 {
            try call.checkElements(Double(a.shape[0]) * Double(b.shape[1]),
                                   for: "matmul: the product of shapes \(a.shape.shapeDescription) and \(b.shape.shapeDescription)")
        }
        return .tensor(try a.matmul(b))
    }
}

struct Transpose: BuiltinFunction {
    static let configuration = BuiltinConfiguration("transpose", topic: "tensors", "A matrix with rows and columns swapped.")
    @Positional var x: Tensor
    func run(_ call: BuiltinCall) throws -> Value { .tensor(try x.transposed()) }
}

struct Concat: BuiltinFunction {
    static let configuration = BuiltinConfiguration("concat", topic: "tensors", "Joins a list of tensors along the first axis.")
    @Positional var tensors: [Value]
    func run(_ call: BuiltinCall) throws -> Value {
        let parts = try tensors.map { try $0.asTensor(budget: call.budget) }
        try call.checkElements(parts.reduce(0.0) { $0 + Double($1.count) }, for: "concat: the joined tensor", at: $tensors)
        return .tensor(try Tensor.concatenate(parts))
    }
}

struct Clip: BuiltinFunction {
    static let configuration = BuiltinConfiguration("clip", topic: "tensors", "Limits every element to low…high.")
    @Positional var x: Value
    @Positional(.within(.any)) var low: Double
    @Positional var high: Double

    func run(_ call: BuiltinCall) throws -> Value {
        try Check<Double>.within(NumericDomain(lower: Double(Float(low)))).validate(high, $high)
        let (low, high) = (Float(low), Float(high))
        return .tensor(try Tensor.argument($x).map { Swift.min(Swift.max($0, low), high) })
    }
}

/// A function of one number, applied to a number (in double precision) or to each element of a tensor; the
/// domain and the result's finiteness are checked by `NumericDomain`'s helpers.
struct Elementwise: BuiltinFunction {
    static let configuration = BuiltinConfiguration("elementwise", topic: "tensors", "")
    var domain = NumericDomain.any
    var number: @Sendable (Double) -> Double = { $0 }
    var element: @Sendable (Float) -> Float = { $0 }
    @Positional var x: Value

    func run(_ call: BuiltinCall) throws -> Value {
        if case .number = x {
            let n = try Double.argument($x)
            try Check<Double>.within(domain).validate(n, $x)
            return .number(try call.finite(number(n), from: n, "\(call.name)(\(formatNumber(n)))"))
        }
        let t = try Tensor.argument($x)
        try Check<Tensor>.within(domain).validate(t, $x)
        return .tensor(try call.finite(t.map(element), from: t, call.name))
    }
}

private let elementwiseFunctions: [(String, String, NumericDomain, @Sendable (Double) -> Double,
                                    @Sendable (Float) -> Float)] = [
    ("exp", "e raised to each element.", .any, { exp($0) }, { expf($0) }),
    ("log", "The natural logarithm of each element.", .positive, { log($0) }, { logf($0) }),
    ("sqrt", "The square root of each element.", .nonNegative, { sqrt($0) }, { sqrtf($0) }),
]

private func nonEmpty(_ value: Float?, _ name: String, _ x: ParameterSlot) throws -> Double {
    guard let value else { throw x.error("\(name) of an empty tensor") }
    return Double(shortest: value)
}

/// Extents given as separate numbers (`zeros(2, 3)`) or as one tuple/list (`zeros((2, 3))`).
private func extents(_ shape: ParameterSlot, _ call: BuiltinCall, allowInferred: Bool = false) throws -> [Int] {
    var items = try [Value].argument(shape)
    if items.count == 1, case .tuple(let inner) = items[0] { items = inner }
    if items.count == 1, case .list(let inner) = items[0] { items = inner }
    let extents = try items.map { item in
        guard case .number = item, let n = item.wholeNumber, n >= (allowInferred ? -1 : 0) else {
            throw shape.error("\(call.name): extents must be whole numbers from \(allowInferred ? -1 : 0) "
                              + "to 1e15, got \(item.shortDescription)")
        }
        return n
    }
    let known = extents.filter { $0 >= 0 }
    do {
        try call.budget.check(shape: known, for: "\(call.name)(\(known.map(String.init).joined(separator: ", ")))")
    } catch {
        throw shape.error(error.message, help: error.help)
    }
    return extents
}
