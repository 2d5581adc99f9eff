import CamLabCore

/// Element-wise layers' arithmetic (leaky ReLU, rescaling, merges): tensors in, tensors out, split across cores
/// in contiguous ranges. These loops are memory-bound, so each reads its inputs once and writes once.
enum ElementwiseKernels {
    /// Elements below which one core does the whole loop: splitting costs more than it saves.
    static let minimumChunk = 1 << 15

    /// x where x > 0, slope·x elsewhere.
    static func leakyReLU(_ x: Tensor, slope: Float) -> Tensor {
        unary(x) { x, y, range in for i in range { y[i] = x[i] > 0 ? x[i] : slope * x[i] } }
    }

    /// dy where x > 0, slope·dy elsewhere (TensorFlow's choice at 0).
    static func leakyReLUBackward(_ dy: Tensor, input x: Tensor, slope: Float) -> Tensor {
        binary(dy, x) { g, x, out, range in for i in range { out[i] = x[i] > 0 ? g[i] : slope * g[i] } }
    }

    /// x·scale + offset.
    static func scaled(_ x: Tensor, by scale: Float, plus offset: Float = 0) -> Tensor {
        unary(x) { x, y, range in for i in range { y[i] = x[i] * scale + offset } }
    }

    /// Σ weights[k]·xs[k], two or more tensors of one shape.
    static func weightedSum(_ xs: [Tensor], weights: [Float]) -> Tensor {
        let (w0, w1) = (weights[0], weights[1])
        var sum = binary(xs[0], xs[1]) { a, b, out, range in for i in range { out[i] = w0 * a[i] + w1 * b[i] } }
        for (x, w) in zip(xs.dropFirst(2), weights.dropFirst(2)) {
            sum = binary(sum, x) { s, x, out, range in for i in range { out[i] = s[i] + w * x[i] } }
        }
        return sum
    }

    /// The element-wise product of `xs`, all of one shape.
    static func product(_ xs: [Tensor]) -> Tensor {
        var p = xs[0]
        for x in xs.dropFirst() { p = binary(p, x) { a, b, out, range in for i in range { out[i] = a[i] * b[i] } } }
        return p
    }

    /// Joins (…, widths[k]) tensors of one leading shape along their last axis.
    static func concatenateLast(_ xs: [Tensor]) -> Tensor {
        let widths = xs.map { $0.shape.last! }, total = widths.reduce(0, +), rows = xs[0].count / max(widths[0], 1)
        var out = Tensor(shape: Array(xs[0].shape.dropLast()) + [total]) { _ in }
        var offset = 0
        for (x, width) in zip(xs, widths) {
            x.scalars.withUnsafeBufferPointer { x in
                out.scalars.withUnsafeMutableBufferPointer { o in
                    let (x, o, start) = (SharedPointer(mutating: x), SharedPointer(o.baseAddress!), offset)
                    Parallel.forEachChunk(rows, minimumChunk: max(1, minimumChunk / max(total, 1))) { _, rows in
                        for r in rows { (o.base + r * total + start).update(from: x.base + r * width, count: width) }
                    }
                }
            }
            offset += width
        }
        return out
    }

    /// The inverse of `concatenateLast`: `x`'s last axis cut into pieces of `widths`.
    static func splitLast(_ x: Tensor, widths: [Int]) -> [Tensor] {
        let total = x.shape.last!, rows = x.count / max(total, 1)
        var offset = 0
        return widths.map { width in
            let start = offset
            offset += width
            return Tensor(shape: Array(x.shape.dropLast()) + [width]) { out in
                x.scalars.withUnsafeBufferPointer { x in
                    let (x, o) = (SharedPointer(mutating: x), SharedPointer(out.baseAddress!))
                    Parallel.forEachChunk(rows, minimumChunk: max(1, minimumChunk / max(total, 1))) { _, rows in
                        for r in rows { (o.base + r * width).update(from: x.base + r * total + start, count: width) }
                    }
                }
            }
        }
    }

    private static func unary(_ x: Tensor, _ body: @escaping @Sendable (UnsafePointer<Float>, UnsafeMutablePointer<Float>,
                                                                        Range<Int>) -> Void) -> Tensor {
        Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { x in
                let (x, o) = (SharedPointer(mutating: x), SharedPointer(out.baseAddress!))
                Parallel.forEachChunk(out.count, minimumChunk: minimumChunk) { _, range in body(x.base, o.base, range) }
            }
        }
    }

    private static func binary(_ a: Tensor, _ b: Tensor,
                               _ body: @escaping @Sendable (UnsafePointer<Float>, UnsafePointer<Float>,
                                                            UnsafeMutablePointer<Float>, Range<Int>) -> Void) -> Tensor {
        precondition(a.shape == b.shape, "element-wise operands of shapes \(a.shape) and \(b.shape)")
        return Tensor(shape: a.shape) { out in
            a.scalars.withUnsafeBufferPointer { a in
                b.scalars.withUnsafeBufferPointer { b in
                    let (a, b, o) = (SharedPointer(mutating: a), SharedPointer(mutating: b), SharedPointer(out.baseAddress!))
                    Parallel.forEachChunk(out.count, minimumChunk: minimumChunk) { _, range in
                        body(a.base, b.base, o.base, range)
                    }
                }
            }
        }
    }
}
