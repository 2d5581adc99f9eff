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
        case .relu: x.scalars.withUnsafeMutableBufferPointer { v in for i in v.indices where v[i] < 0 { v[i] = 0 } }
        case .sigmoid: x.scalars.withUnsafeMutableBufferPointer { v in for i in v.indices { v[i] = 1 / (1 + expf(-v[i])) } }
        case .tanh: x.scalars.withUnsafeMutableBufferPointer { v in for i in v.indices { v[i] = tanhf(v[i]) } }
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

    /// Turns d loss / d activated output into d loss / d pre-activation, given the activated `output`.
    public func backward(_ gradient: inout Tensor, output: Tensor) {
        switch self {
        case .linear: return
        case .relu:
            gradient.scalars.withUnsafeMutableBufferPointer { g in
                output.scalars.withUnsafeBufferPointer { y in for i in g.indices where y[i] <= 0 { g[i] = 0 } }
            }
        case .sigmoid:
            gradient.scalars.withUnsafeMutableBufferPointer { g in
                output.scalars.withUnsafeBufferPointer { y in for i in g.indices { g[i] *= y[i] * (1 - y[i]) } }
            }
        case .tanh:
            gradient.scalars.withUnsafeMutableBufferPointer { g in
                output.scalars.withUnsafeBufferPointer { y in for i in g.indices { g[i] *= 1 - y[i] * y[i] } }
            }
        case .softmax:
            // J = diag(y) - y yᵀ per row, so (Jᵀ g)_i = y_i (g_i - Σ_j g_j y_j).
            let width = output.shape.last ?? 1
            gradient.scalars.withUnsafeMutableBufferPointer { g in
                output.scalars.withUnsafeBufferPointer { y in
                    for row in stride(from: 0, to: g.count, by: max(width, 1)) {
                        var dot: Float = 0
                        for i in row..<(row + width) { dot += g[i] * y[i] }
                        for i in row..<(row + width) { g[i] = y[i] * (g[i] - dot) }
                    }
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
            var g = Tensor(shape: [count / max(width, 1), width],
                           scalars: Array(UnsafeBufferPointer(start: gradient, count: count)))
            backward(&g, output: Tensor(shape: g.shape, scalars: Array(UnsafeBufferPointer(start: output, count: count))))
            result.update(from: g.scalars, count: count)
        }
    }
}

/// A layer that only applies an activation, like Keras' `Activation("relu")`. The engine treats its activation as
/// the fused one of any layer: its values "before activation" are its input. Not final: `Softmax` is this layer
/// under Keras' other class name, so the engine's rule for it (`layer is ActivationLayer`) stays one rule.
public class ActivationLayer: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let activation: Activation
    public var typeName: String { "Activation" }
    public var namePrefix: String { "activation" }
    public private(set) var outputShape: [Int] = []

    public init(_ activation: Activation) { self.activation = activation }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        var y = input
        if call.applyActivation { activation.apply(&y) }
        return LayerOutput(y)
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        var g = step.gradient
        if !step.isPreActivation { activation.backward(&g, output: step.output) }
        return g
    }

    public var configurationDescription: String { "activation: \(activation.rawValue)" }
}
