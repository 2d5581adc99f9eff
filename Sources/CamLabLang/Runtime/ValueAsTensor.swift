import CamLabCore

extension Value {
    /// Numbers, nested lists of numbers, and tensors as a tensor.
    public func asTensor(budget: MemoryBudget = .standard) throws -> Tensor {
        switch self {
        case .tensor(let t): return t
        case .number(let n): return Tensor(scalar: Float(n))
        case .bool(let b): return Tensor(scalar: b ? 1 : 0)
        case .range(let lower, let upper):
            if let failure = Limits.tooMany(Double(upper) - Double(lower), for: "a tensor of the range \(printed)",
                                            budget: budget) {
                throw Problem(failure.message, help: failure.help)
            }
            return Tensor((lower..<max(lower, upper)).map { Float($0) })
        case .list(let items), .tuple(let items):
            let rows = try items.map { try $0.asTensor(budget: budget) }
            guard let first = rows.first else { return Tensor(shape: [0], scalars: []) }
            if let odd = rows.firstIndex(where: { $0.shape != first.shape }) {
                throw Problem("the rows of a list are ragged: item 0 has shape \(first.shape.shapeDescription), "
                                   + "item \(odd) has shape \(rows[odd].shape.shapeDescription)",
                                   help: "every row of a tensor needs the same number of elements")
            }
            return Tensor(shape: [rows.count] + first.shape, scalars: rows.flatMap(\.scalars))
        default:
            throw Problem("\(typeNameWithArticle) cannot be used as a tensor")
        }
    }
}
