import CamLabCore
import CamLabLang
import CamLabNN
#if canImport(Glibc)
import Glibc
#endif

/// Creating, reshaping and reducing tensors.
func registerTensorBuiltins(in r: BuiltinRegistry) {
    r.register([
        TensorBuiltin.self, Reshape.self, FlattenBuiltin.self, ShapeBuiltin.self, Argmax.self, Matmul.self,
        Transpose.self, Concat.self, Clip.self,
    ])
    r.register(BuiltinConfiguration("zeros", topic: "tensors", "A tensor of zeros: zeros(2, 3).")) {
        Filled { Tensor.zeros($0) }
    }
    r.register(BuiltinConfiguration("ones", topic: "tensors", "A tensor of ones: ones(2, 3).")) {
        Filled { Tensor.ones($0) }
    }
    for (name, doc, all, along) in reductions {
        r.register(BuiltinConfiguration(name, topic: "tensors", doc)) { Reduction(all: all, along: along) }
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

/// `zeros(2, 3)` and `ones(2, 3)`.
struct Filled: BuiltinFunction {
    static let configuration = BuiltinConfiguration("zeros", topic: "tensors", "")
    var fill: @Sendable ([Int]) -> Tensor = { Tensor.zeros($0) }
    @Variadic var shape: [Value]

    init() {}
    init(_ fill: @escaping @Sendable ([Int]) -> Tensor) { self.fill = fill }
    func run(_ call: BuiltinCall) throws -> Value { .tensor(fill(try extents($shape, call))) }
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

/// `sum`, `mean`, `max` and `min`: of all elements (an empty tensor has no max), or along an axis.
struct Reduction: BuiltinFunction {
    static let configuration = BuiltinConfiguration("sum", topic: "tensors", "")
    var all: @Sendable (Tensor) -> Float? = { $0.sum() }
    var along: @Sendable (Tensor, Int) throws -> Tensor = { try $0.sum(axis: $1) }
    @Positional var x: Tensor
    @Labelled var axis: Int? = nil

    init() {}
    init(all: @escaping @Sendable (Tensor) -> Float?, along: @escaping @Sendable (Tensor, Int) throws -> Tensor) {
        (self.all, self.along) = (all, along)
    }

    func run(_ call: BuiltinCall) throws -> Value {
        if let axis { return .tensor(try along(x, axis)) }
        guard let value = all(x) else { throw $x.error("\(call.name) of an empty tensor") }
        return .number(value)
    }
}

private let reductions: [(String, String, @Sendable (Tensor) -> Float?, @Sendable (Tensor, Int) throws -> Tensor)] = [
    ("sum", "The sum of all elements, or along an axis.", { $0.sum() }, { try $0.sum(axis: $1) }),
    ("mean", "The mean of all elements, or along an axis; mean(y_pred == y_test) is an accuracy.", { $0.mean() },
     { try $0.mean(axis: $1) }),
    ("max", "The largest element, or along an axis.", { $0.max() }, { try $0.max(axis: $1) }),
    ("min", "The smallest element, or along an axis.", { $0.min() }, { try $0.min(axis: $1) }),
]

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
    try shape.attributing {
        try call.budget.check(shape: known, for: "\(call.name)(\(known.map(String.init).joined(separator: ", ")))")
    }
    return extents
}
