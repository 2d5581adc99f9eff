import CamLabCore
import CamLabLang
import CamLabNN

/// The argument types of the layer and model builtins.

extension Padding: NamedChoice { public static let kind = "padding" }
extension Activation: NamedChoice { public static let kind = "activation" }
extension Loss: NamedChoice { public static let kind = "loss" }

/// compile's `optimizer: adam`.
enum OptimizerName: String, NamedChoice {
    case adam, sgd
    static let kind = "optimizer"
}

extension Model: ArgumentValue {
    public static func argument(_ slot: ParameterSlot) throws -> Model {
        try slot.object(ModelObject.self, expected: "a model (made with sequential([…]))").model
    }
    public var shownAsDefault: String { name }
}

/// A shape tuple such as `(28, 28, 1)`: positive whole extents whose elements fit the budget.
struct Extents: ArgumentValue {
    let extents: [Int]

    static func argument(_ slot: ParameterSlot) throws -> Extents {
        let extents = try [Value].argument(slot).map { item in
            guard case .number = item, let n = item.wholeNumber, n > 0 else {
                throw slot.fail(expected: "a shape of positive whole numbers like (28, 28, 1)")
            }
            return n
        }
        try slot.call?.checkElements(Limits.elementCount(extents),
                                     for: "\(slot.builtinName): '\(slot.name)' \(extents.shapeDescription)", at: slot)
        return Extents(extents: extents)
    }
    var shownAsDefault: String { Value.tuple(extents.map { .number(Double($0)) }).shownAsDefault }
}

/// `3` for 3×3, or `(3, 2)` for 3 high and 2 wide: a kernel, pool or stride size, or occlusion's window.
struct Pair: ArgumentValue {
    let first: Int, second: Int
    var tuple: (Int, Int) { (first, second) }

    static func argument(_ slot: ParameterSlot) throws -> Pair {
        if case .number = slot.value {
            let n = try Int.argument(slot)
            try Check<Int>.positive.validate(n, slot)
            return Pair(first: n, second: n)
        }
        let items = try [Value].argument(slot)
        guard items.count == 2, case .number = items[0], case .number = items[1],
              let a = items[0].wholeNumber, let b = items[1].wholeNumber, a > 0, b > 0 else {
            throw slot.fail(expected: "a positive whole number up to 1e15 or a pair like (3, 3)")
        }
        return Pair(first: a, second: b)
    }
    init(first: Int, second: Int) { (self.first, self.second) = (first, second) }
    init(_ n: Int) { self.init(first: n, second: n) }
    var shownAsDefault: String { first == second ? String(first) : "(\(first), \(second))" }
}

/// A layer's `name:`: a non-empty string.
struct LayerName: ArgumentValue {
    let text: String
    static func argument(_ slot: ParameterSlot) throws -> LayerName {
        let text = try String.argument(slot)
        guard !text.isEmpty else { throw slot.fail(expected: "a non-empty name") }
        return LayerName(text: text)
    }
    var shownAsDefault: String { text.shownAsDefault }
}
