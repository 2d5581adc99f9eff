extension Tensor {
    /// Checks an axis (negative counts from the end) and returns it normalised.
    public func normalizedAxis(_ axis: Int, operation: String) throws -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        guard (0..<rank).contains(resolved) else {
            throw Problem("\(operation): axis \(axis) is out of range for a tensor of rank \(rank) "
                              + "(shape \(shape.shapeDescription))")
        }
        return resolved
    }

    /// Reduces along `axis` with `combine`, starting each lane from `initial`; the axis is removed.
    func reduce(axis: Int, initial: Float, operation: String, _ combine: (Float, Float) -> Float) throws -> Tensor {
        let axis = try normalizedAxis(axis, operation: operation)
        let outer = Array(shape[..<axis]).elementCount
        let extent = shape[axis]
        let inner = Array(shape[(axis + 1)...]).elementCount
        var out = [Float](repeating: initial, count: outer * inner)
        for o in 0..<outer {
            for k in 0..<extent {
                let base = (o * extent + k) * inner
                for i in 0..<inner { out[o * inner + i] = combine(out[o * inner + i], scalars[base + i]) }
            }
        }
        var newShape = shape
        newShape.remove(at: axis)
        return Tensor(shape: newShape, scalars: out)
    }

    /// The sum of all elements.
    public func sum() -> Float { scalars.reduce(0, +) }

    /// The mean of all elements (nan for an empty tensor).
    public func mean() -> Float { scalars.isEmpty ? .nan : sum() / Float(count) }

    public func max() -> Float? { scalars.max() }
    public func min() -> Float? { scalars.min() }

    public func sum(axis: Int) throws -> Tensor { try reduce(axis: axis, initial: 0, operation: "sum", +) }

    public func mean(axis: Int) throws -> Tensor {
        let extent = shape[try normalizedAxis(axis, operation: "mean")]
        return try sum(axis: axis) / Float(extent)
    }

    public func max(axis: Int) throws -> Tensor {
        try reduce(axis: axis, initial: -.infinity, operation: "max") { Swift.max($0, $1) }
    }

    public func min(axis: Int) throws -> Tensor {
        try reduce(axis: axis, initial: .infinity, operation: "min") { Swift.min($0, $1) }
    }

    /// The index of the largest element along `axis` (the first on ties, as NumPy does); the axis is removed.
    public func argmax(axis: Int = -1) throws -> Tensor {
        let axis = try normalizedAxis(axis, operation: "argmax")
        let outer = Array(shape[..<axis]).elementCount
        let extent = shape[axis]
        let inner = Array(shape[(axis + 1)...]).elementCount
        guard extent > 0 else { throw Problem("argmax: axis \(axis) of shape \(shape.shapeDescription) is empty") }
        var out = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                var best = scalars[o * extent * inner + i], bestIndex = 0
                for k in 1..<extent where scalars[(o * extent + k) * inner + i] > best {
                    best = scalars[(o * extent + k) * inner + i]
                    bestIndex = k
                }
                out[o * inner + i] = Float(bestIndex)
            }
        }
        var newShape = shape
        newShape.remove(at: axis)
        return Tensor(shape: newShape, scalars: out)
    }

    /// The flat index of the largest element (the first on ties).
    public func argmaxFlat() -> Int? {
        guard var best = scalars.first else { return nil }
        var bestIndex = 0
        for (i, v) in scalars.enumerated() where v > best { best = v; bestIndex = i }
        return bestIndex
    }
}
