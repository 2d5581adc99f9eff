#if canImport(Glibc)
import Glibc
#endif
import CamLabCore

/// The element-wise (or, for softmax, per-row) functions a layer applies to its output, as Keras names them.
public enum Activation: String, CaseIterable, Sendable {
    case linear, relu, sigmoid, tanh, softmax

    /// Applies the activation in place. Softmax normalises along the last axis, shifted by the row maximum so
    /// large logits cannot overflow.
    public func apply(_ x: inout Tensor) {
        switch self {
        case .linear: return
        case .relu: Self.inParallel(&x.scalars) { v in v < 0 ? 0 : v }
        case .sigmoid: Self.inParallel(&x.scalars) { v in 1 / (1 + expf(-v)) }
        case .tanh: Self.inParallel(&x.scalars) { v in tanhf(v) }
        case .softmax:
            let width = x.shape.last ?? 1
            x.scalars.withUnsafeMutableBufferPointer { v in
                for row in stride(from: 0, to: v.count, by: max(width, 1)) {
                    var peak = -Float.infinity
                    for i in row..<(row + width) { peak = max(peak, v[i]) }
                    var total: Float = 0
                    for i in row..<(row + width) { v[i] = expf(v[i] - peak); total += v[i] }
                    for i in row..<(row + width) { v[i] /= total }
                }
            }
        }
    }

    /// Softmax's backward step in place: J = diag(y) − y yᵀ per row, so (Jᵀ g)_i = y_i (g_i − Σ_j g_j y_j).
    fileprivate static func softmaxBackward(_ gradient: inout [Float], output: [Float], width: Int) {
        gradient.withUnsafeMutableBufferPointer { g in
            output.withUnsafeBufferPointer { y in
                for row in stride(from: 0, to: g.count, by: max(width, 1)) {
                    var dot: Float = 0
                    for i in row..<(row + width) { dot += g[i] * y[i] }
                    for i in row..<(row + width) { g[i] = y[i] * (g[i] - dot) }
                }
            }
        }
    }
}

extension Activation {
    /// Applies the activation to `count` values in place, rows of `width` for softmax. The per-image loops of
    /// the convolution call this while the image's output is still in cache.
    func apply(_ values: UnsafeMutablePointer<Float>, count: Int, width: Int) {
        switch self {
        case .linear: return
        case .relu:
            for i in 0..<count { values[i] = max(values[i], 0) }
            return
        default: break
        }
        var tensor = Tensor(shape: [count / max(width, 1), width],
                            scalars: Array(UnsafeBufferPointer(start: values, count: count)))
        apply(&tensor)
        values.update(from: tensor.scalars, count: count)
    }

    /// Writes d loss / d pre-activation for `count` values into `result`, from the gradient with respect to
    /// the activated output and that output, rows of `width` for softmax.
    func backward(gradient: UnsafePointer<Float>, output: UnsafePointer<Float>, count: Int, width: Int,
                  into result: UnsafeMutablePointer<Float>) {
        switch self {
        case .linear: result.update(from: gradient, count: count)
        case .relu: for i in 0..<count { result[i] = output[i] > 0 ? gradient[i] : 0 }
        default:
            let shape = [count / max(width, 1), width]
            let g = backward(Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: gradient, count: count))),
                             output: Tensor(shape: shape, scalars: Array(UnsafeBufferPointer(start: output, count: count))))
            result.update(from: g.scalars, count: count)
        }
    }
}

extension Activation {
    /// The activation of `x` as a new tensor, in one pass over it for the element-wise activations (an
    /// activation layer's output, without first copying its input).
    public func applied(to x: Tensor) -> Tensor {
        switch self {
        case .linear: return x
        case .softmax:
            var y = x
            apply(&y)
            return y
        case .relu, .sigmoid, .tanh: break
        }
        return Tensor(shape: x.shape) { out in
            x.scalars.withUnsafeBufferPointer { input in
                let (input, out) = (SharedPointer(mutating: input),
                                    SharedPointer(out.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!))
                Parallel.forEachChunk(x.count, minimumChunk: Self.parallelGrain) { _, range in
                    // One loop per activation, written out: a closure called per element keeps ReLU's loop from
                    // vectorising (an eighth of `camlab explain`'s time on 28×28 pictures went there).
                    switch self {
                    case .relu: for i in range { let v = input[i]; out[i] = v < 0 ? 0 : v }
                    case .sigmoid: for i in range { out[i] = 1 / (1 + expf(-input[i])) }
                    case .tanh: for i in range { out[i] = tanhf(input[i]) }
                    case .linear, .softmax: preconditionFailure("handled above")
                    }
                }
            }
        }
    }

    /// Turns d loss / d activated output into d loss / d pre-activation, given the activated `output`: a new
    /// tensor, made in one pass over the two for the element-wise activations (without first copying a gradient
    /// the caller still holds).
    public func backward(_ gradient: Tensor, output: Tensor) -> Tensor {
        let f: @Sendable (Float, Float) -> Float
        switch self {
        case .linear: return gradient
        case .relu: f = { g, y in y <= 0 ? 0 : g }
        case .sigmoid: f = { g, y in g * y * (1 - y) }
        case .tanh: f = { g, y in g * (1 - y * y) }
        case .softmax:
            var g = gradient.scalars
            Self.softmaxBackward(&g, output: output.scalars, width: output.shape.last ?? 1)
            return Tensor(shape: gradient.shape, scalars: g)
        }
        precondition(gradient.count == output.count, "\(gradient.count) gradients against \(output.count) outputs")
        return Tensor(shape: gradient.shape) { out in
            gradient.scalars.withUnsafeBufferPointer { g in
                output.scalars.withUnsafeBufferPointer { y in
                    let (g, y) = (SharedPointer(mutating: g), SharedPointer(mutating: y))
                    let out = SharedPointer(out.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
                    Parallel.forEachChunk(gradient.count, minimumChunk: Self.parallelGrain) { _, range in
                        for i in range { out[i] = f(g[i], y[i]) }
                    }
                }
            }
        }
    }

    /// Elements per worker below which splitting the work costs more than it saves.
    private static let parallelGrain = 1 << 15

    /// values[i] = f(values[i]), split across cores for large tensors.
    @inline(__always)
    static func inParallel(_ values: inout [Float], _ f: @escaping @Sendable (Float) -> Float) {
        let count = values.count
        values.withUnsafeMutableBufferPointer { v in
            let v = SharedPointer(v.baseAddress ?? UnsafeMutablePointer(bitPattern: 8)!)
            Parallel.forEachChunk(count, minimumChunk: parallelGrain) { _, range in
                for i in range { v[i] = f(v[i]) }
            }
        }
    }
}
