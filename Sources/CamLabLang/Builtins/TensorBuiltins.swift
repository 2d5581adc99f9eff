import CamLabCore
#if canImport(Glibc)
import Glibc
#endif

/// Creating, reshaping and reducing tensors.
func registerTensorBuiltins(in r: BuiltinRegistry) {
    r.define("tensor(values)", topic: "tensors", "A tensor from a number or (nested) list of numbers.") { args, _ in
        .tensor(try args.tensor("values"))
    }
    r.define("zeros(shape...)", topic: "tensors", "A tensor of zeros: zeros(2, 3).") { args, _ in
        .tensor(Tensor.zeros(try shapeArgument(args, "shape")))
    }
    r.define("ones(shape...)", topic: "tensors", "A tensor of ones: ones(2, 3).") { args, _ in
        .tensor(Tensor.ones(try shapeArgument(args, "shape")))
    }
    r.define("reshape(x, shape...)", topic: "tensors",
             "The same elements in a new shape; one extent may be -1: x.reshape(-1, 28, 28, 1).") { args, _ in
        .tensor(try args.tensor("x").reshaped(try shapeArgument(args, "shape", allowInferred: true)))
    }
    r.define("flatten(x = none, input_shape: none, name: none, trainable: true)", topic: "tensors",
             "flatten(x): the elements of a tensor as one row; flatten(): a layer flattening each example.") { args, _ in
        if args.isNone("x") { return try flattenLayer(args) }
        let t = try args.tensor("x")
        return .tensor(try t.reshaped([t.count]))
    }
    r.define("shape(x)", topic: "tensors", "The extents of a tensor's axes, as a tuple.") { args, _ in
        .tuple(try args.tensor("x").shape.map { .number(Double($0)) })
    }
    r.define("argmax(x, axis: -1)", topic: "tensors",
             "The index of the largest element along an axis (the last by default).") { args, _ in
        Interpreter.scalarOrTensor(try args.tensor("x").argmax(axis: try args.int("axis")))
    }
    r.define("sum(x, axis: none)", topic: "tensors", "The sum of all elements, or along an axis.") { args, _ in
        try reduce(args) { t, axis in try axis.map { .tensor(try t.sum(axis: $0)) } ?? .number(t.sum()) }
    }
    r.define("mean(x, axis: none)", topic: "tensors",
             "The mean of all elements, or along an axis; mean(y_pred == y_test) is an accuracy.") { args, _ in
        try reduce(args) { t, axis in try axis.map { .tensor(try t.mean(axis: $0)) } ?? .number(t.mean()) }
    }
    r.define("max(x, axis: none)", topic: "tensors",
             "The largest element, or along an axis.") { args, _ in
        try reduce(args) { t, axis in
            try axis.map { .tensor(try t.max(axis: $0)) } ?? .number(try nonEmpty(t.max(), "max"))
        }
    }
    r.define("min(x, axis: none)", topic: "tensors", "The smallest element, or along an axis.") { args, _ in
        try reduce(args) { t, axis in
            try axis.map { .tensor(try t.min(axis: $0)) } ?? .number(try nonEmpty(t.min(), "min"))
        }
    }
    r.define("matmul(a, b)", topic: "tensors", "The matrix product of two 2-D tensors.") { args, _ in
        let (a, b) = (try args.tensor("a"), try args.tensor("b"))
        if a.rank == 2, b.rank == 2 {
            try args.checkElements(Double(a.shape[0]) * Double(b.shape[1]),
                                   for: "matmul: the product of shapes \(a.shape.shapeDescription) and \(b.shape.shapeDescription)")
        }
        return .tensor(try a.matmul(b))
    }
    r.define("transpose(x)", topic: "tensors", "A matrix with rows and columns swapped.") { args, _ in
        .tensor(try args.tensor("x").transposed())
    }
    r.define("concat(tensors)", topic: "tensors", "Joins a list of tensors along the first axis.") { args, _ in
        let parts = try args.items("tensors").map { try $0.asTensor(budget: args.budget) }
        try args.checkElements(parts.reduce(0.0) { $0 + Double($1.count) }, for: "concat: the joined tensor",
                               argument: "tensors")
        return .tensor(try Tensor.concatenate(parts))
    }
    r.define("clip(x, low, high)", topic: "tensors", "Limits every element to low…high.") { args, _ in
        let low = Float(try args.number("low", in: .any))
        let high = Float(try args.number("high", in: NumericDomain(lower: Double(low))))
        return .tensor(try args.tensor("x").map { Swift.min(Swift.max($0, low), high) })
    }
    elementwise(r, "exp", "e raised to each element.", domain: .any, exp, expf)
    elementwise(r, "log", "The natural logarithm of each element.", domain: .positive, log, logf)
    elementwise(r, "sqrt", "The square root of each element.", domain: .nonNegative, sqrt, sqrtf)
}

/// A function of one number, applied to a number (in double precision) or to each element of a tensor; the
/// domain and the result's finiteness are checked by `NumericDomain`'s helpers.
private func elementwise(_ r: BuiltinRegistry, _ name: String, _ doc: String, domain: NumericDomain,
                         _ number: @escaping @Sendable (Double) -> Double, _ element: @escaping @Sendable (Float) -> Float) {
    r.define("\(name)(x)", topic: "tensors", doc) { args, _ in
        if case .number = args["x"] {
            let x = try args.number("x", in: domain)
            return .number(try args.finite(number(x), from: x, "\(name)(\(formatNumber(x)))"))
        }
        let t = try args.tensor("x", in: domain)
        return .tensor(try args.finite(t.map(element), from: t, name))
    }
}

/// `reduce` applies to a tensor or list; `max(a, b)` style calls with two numbers are handled by the caller.
private func reduce(_ args: Arguments, _ body: (Tensor, Int?) throws -> Value) throws -> Value {
    try body(try args.tensor("x"), try args.optionalInt("axis"))
}

private func nonEmpty(_ value: Float?, _ name: String) throws -> Double {
    guard let value else { throw BuiltinError("\(name) of an empty tensor", argument: "x") }
    return Double(shortest: value)
}

/// Extents given as separate numbers (`zeros(2, 3)`) or as one tuple/list (`zeros((2, 3))`).
private func shapeArgument(_ args: Arguments, _ name: String, allowInferred: Bool = false) throws -> [Int] {
    var items = try args.items(name)
    if items.count == 1, case .tuple(let inner) = items[0] { items = inner }
    if items.count == 1, case .list(let inner) = items[0] { items = inner }
    let extents = try items.map { item in
        guard case .number = item, let n = item.wholeNumber, n >= (allowInferred ? -1 : 0) else {
            throw BuiltinError("\(args.builtin.name): extents must be whole numbers from \(allowInferred ? -1 : 0) "
                               + "to 1e15, got \(item.shortDescription)", argument: name)
        }
        return n
    }
    let known = extents.filter { $0 >= 0 }
    do {
        try args.budget.check(shape: known, for: "\(args.builtin.name)(\(known.map(String.init).joined(separator: ", ")))")
    } catch {
        throw BuiltinError(error.message, argument: name, help: error.help)
    }
    return extents
}
