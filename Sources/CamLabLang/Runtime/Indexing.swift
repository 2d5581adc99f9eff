import CamLabCore

/// `xs[i]`, `xs[a:b]`, `x_test[idx]`, `x_test[idx:idx+1]`, `heatmap[0, :, :]`. Indices may be negative
/// (counting from the end); slices clamp like Python's.
extension Interpreter {
    func index(_ base: Value, _ items: [IndexItem], at span: Span) throws -> Value {
        switch base {
        case .list(let values), .tuple(let values):
            let result = try indexSequence(values, items, at: span)
            if case .single = items[0] { return result.first! }
            if case .tuple = base { return .tuple(result) }
            return .list(result)
        case .string(let text):
            let result = try indexSequence(text.map { .string(String($0)) }, items, at: span)
            return .string(result.map(\.printed).joined())
        case .range(let lower, let upper):
            return try indexRange(lower..<max(lower, upper), items, at: span)
        case .tensor(let t):
            return try indexTensor(t, items, at: span)
        default:
            throw error("\(base.typeNameWithArticle) cannot be indexed", at: span)
        }
    }

    private func indexSequence(_ values: [Value], _ items: [IndexItem], at span: Span) throws -> [Value] {
        guard items.count == 1 else {
            throw error("a list takes one index, got \(items.count)", at: span)
        }
        switch items[0] {
        case .single(let expr):
            return [values[try resolveIndex(try evaluate(expr), count: values.count, at: expr.span)]]
        case .slice(let lowerExpr, let upperExpr, _):
            let range = try sliceBounds(lowerExpr, upperExpr, count: values.count)
            return Array(values[range])
        }
    }

    /// A range is indexed arithmetically: `(0..<1e14)[3]` must not build a list of 10^14 numbers.
    private func indexRange(_ range: Range<Int>, _ items: [IndexItem], at span: Span) throws -> Value {
        guard items.count == 1 else {
            throw error("a range takes one index, got \(items.count)", at: span)
        }
        switch items[0] {
        case .single(let expr):
            return .number(Double(range.lowerBound + (try resolveIndex(try evaluate(expr), count: range.count, at: expr.span))))
        case .slice(let lowerExpr, let upperExpr, _):
            let slice = try sliceBounds(lowerExpr, upperExpr, count: range.count)
            if let failure = Limits.tooMany(Double(slice.count), for: "a list of \(slice.count) numbers",
                                            budget: memoryBudget) {
                throw error(failure.message, help: failure.help, at: span)
            }
            return .list(slice.map { .number(Double(range.lowerBound + $0)) })
        }
    }

    func resolveIndex(_ value: Value, count: Int, at span: Span) throws -> Int {
        let index = try integer(value, what: "an index", at: span)
        let resolved = index < 0 ? index + count : index
        guard (0..<count).contains(resolved) else {
            throw error("index \(index) is out of range for \(count) items", at: span)
        }
        return resolved
    }

    private func sliceBounds(_ lowerExpr: Expr?, _ upperExpr: Expr?, count: Int) throws -> Range<Int> {
        func bound(_ expr: Expr?, _ fallback: Int) throws -> Int {
            guard let expr else { return fallback }
            let value = try integer(try evaluate(expr), what: "a slice bound", at: expr.span)
            return min(max(value < 0 ? value + count : value, 0), count)
        }
        let lower = try bound(lowerExpr, 0)
        return lower..<max(lower, try bound(upperExpr, count))
    }

    /// Each item picks one position (the axis disappears) or a range (the axis stays) of successive axes.
    private func indexTensor(_ t: Tensor, _ items: [IndexItem], at span: Span) throws -> Value {
        guard items.count <= t.rank else {
            throw error("too many indices (\(items.count)) for a tensor of shape \(t.shape.shapeDescription)", at: span)
        }
        // Fast paths for the common batch cases.
        if items.count == 1 {
            switch items[0] {
            case .single(let expr):
                let i = try resolveIndex(try evaluate(expr), count: t.shape[0], at: expr.span)
                return Self.scalarOrTensor(try t.row(i))
            case .slice(let lowerExpr, let upperExpr, _):
                return .tensor(try t.slice(try sliceBounds(lowerExpr, upperExpr, count: t.shape[0])))
            }
        }
        var ranges: [Range<Int>] = []
        var keep: [Bool] = []
        for (axis, item) in items.enumerated() {
            switch item {
            case .single(let expr):
                let i = try resolveIndex(try evaluate(expr), count: t.shape[axis], at: expr.span)
                ranges.append(i..<(i + 1))
                keep.append(false)
            case .slice(let lowerExpr, let upperExpr, _):
                ranges.append(try sliceBounds(lowerExpr, upperExpr, count: t.shape[axis]))
                keep.append(true)
            }
        }
        for axis in items.count..<t.rank {
            ranges.append(0..<t.shape[axis])
            keep.append(true)
        }
        let strides = t.shape.rowMajorStrides
        var out: [Float] = []
        out.reserveCapacity(ranges.map(\.count).reduce(1, *))
        func gather(_ axis: Int, _ offset: Int) {
            if axis == ranges.count { out.append(t.scalars[offset]); return }
            for i in ranges[axis] { gather(axis + 1, offset + i * strides[axis]) }
        }
        gather(0, 0)
        let shape = zip(ranges, keep).filter(\.1).map(\.0.count)
        return Self.scalarOrTensor(Tensor(shape: shape, scalars: out))
    }
}
