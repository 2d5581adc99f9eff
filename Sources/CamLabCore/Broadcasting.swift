/// NumPy broadcasting: shapes are aligned at their trailing axes, and an axis of extent 1 stretches to
/// match the other operand.
public enum Broadcasting {
    /// The shape two operands broadcast to, or an error naming both shapes.
    public static func shape(_ a: [Int], _ b: [Int], operation: String) throws -> [Int] {
        let rank = max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else {
                throw Problem("cannot \(operation) tensors of shapes \(a.shapeDescription) and "
                                  + "\(b.shapeDescription): axis \(axis) has extents \(x) and \(y); "
                                  + "extents must be equal or one of them 1")
            }
            result[axis] = x == 1 ? y : x  // an extent of 1 stretches, even to 0 (as in NumPy): not max(x, y)
        }
        return result
    }

    /// Strides that read `shape` as if it had `target`'s shape: 0 along stretched axes.
    static func strides(of shape: [Int], broadcastTo target: [Int]) -> [Int] {
        let own = shape.rowMajorStrides
        let offset = target.count - shape.count
        return (0..<target.count).map { axis in
            axis < offset || shape[axis - offset] == 1 ? 0 : own[axis - offset]
        }
    }
}

extension Tensor {
    /// Applies `body` element-wise to two tensors broadcast to a common shape.
    public func zipWith(_ other: Tensor, operation: String, _ body: (Float, Float) -> Float) throws -> Tensor {
        if shape == other.shape {
            var out = [Float](repeating: 0, count: count)
            scalars.withUnsafeBufferPointer { a in
                other.scalars.withUnsafeBufferPointer { b in
                    for i in 0..<a.count { out[i] = body(a[i], b[i]) }
                }
            }
            return Tensor(shape: shape, scalars: out)
        }
        let target = try Broadcasting.shape(shape, other.shape, operation: operation)
        let aStrides = Broadcasting.strides(of: shape, broadcastTo: target)
        let bStrides = Broadcasting.strides(of: other.shape, broadcastTo: target)
        let total = target.elementCount
        var out = [Float](repeating: 0, count: total)
        var index = [Int](repeating: 0, count: target.count)
        var aOffset = 0, bOffset = 0
        for i in 0..<total {
            out[i] = body(scalars[aOffset], other.scalars[bOffset])
            // Advance the multi-index like an odometer, keeping both offsets in step.
            var axis = target.count - 1
            while axis >= 0 {
                index[axis] += 1
                aOffset += aStrides[axis]
                bOffset += bStrides[axis]
                if index[axis] < target[axis] { break }
                aOffset -= aStrides[axis] * target[axis]
                bOffset -= bStrides[axis] * target[axis]
                index[axis] = 0
                axis -= 1
            }
        }
        return Tensor(shape: target, scalars: out)
    }

    /// Applies `body` to every element.
    public func map(_ body: (Float) -> Float) -> Tensor {
        Tensor(shape: shape, scalars: scalars.map(body))
    }

    public static func + (a: Tensor, b: Tensor) throws -> Tensor { try a.zipWith(b, operation: "add", +) }
    public static func - (a: Tensor, b: Tensor) throws -> Tensor { try a.zipWith(b, operation: "subtract", -) }
    public static func * (a: Tensor, b: Tensor) throws -> Tensor { try a.zipWith(b, operation: "multiply", *) }
    public static func / (a: Tensor, b: Tensor) throws -> Tensor { try a.zipWith(b, operation: "divide", /) }

    public static func + (a: Tensor, s: Float) -> Tensor { a.map { $0 + s } }
    public static func - (a: Tensor, s: Float) -> Tensor { a.map { $0 - s } }
    public static func * (a: Tensor, s: Float) -> Tensor { a.map { $0 * s } }
    public static func / (a: Tensor, s: Float) -> Tensor { a.map { $0 / s } }
    public static func + (s: Float, a: Tensor) -> Tensor { a.map { s + $0 } }
    public static func - (s: Float, a: Tensor) -> Tensor { a.map { s - $0 } }
    public static func * (s: Float, a: Tensor) -> Tensor { a.map { s * $0 } }
    public static func / (s: Float, a: Tensor) -> Tensor { a.map { s / $0 } }
    public static prefix func - (a: Tensor) -> Tensor { a.map { -$0 } }
}
