import CamLabCore

/// A trainable tensor and the gradient that backward passes accumulate into it.
public final class Parameter {
    /// The Keras name of the weight within its layer: "kernel" or "bias".
    public let name: String
    public var value: Tensor
    public var gradient: Tensor

    public init(name: String, value: Tensor) {
        self.name = name
        self.value = value
        self.gradient = Tensor.zeros(value.shape)
    }

    public func zeroGradient() {
        for i in gradient.scalars.indices { gradient.scalars[i] = 0 }
    }
}

/// One stage of a `Sequential` model. Shapes exclude the batch axis; data flows as NHWC batches.
///
/// `forward` remembers what `backward` needs; `backward` takes d loss / d output, accumulates the parameters'
/// gradients and returns d loss / d input. Gradients with respect to inputs are what Grad-CAM reads.
public protocol Layer: AnyObject {
    /// The model-unique name, Keras style: `conv2d`, `conv2d_1`, `dense`, …
    var name: String { get set }
    /// The Keras class name shown in summaries: "Conv2D", "Dense", …
    var typeName: String { get }
    /// The prefix Keras names layers of this type with: "conv2d", "dense", "max_pooling2d", …
    var namePrefix: String { get }
    /// The per-example output shape, known once `build` ran.
    var outputShape: [Int] { get }
    var parameters: [Parameter] { get }

    /// Creates the weights for a per-example input shape; returns the output shape or says why it cannot fit.
    func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int]
    func forward(_ input: Tensor, training: Bool) -> Tensor
    /// When `needsInputGradient` is false (the first layer while training) the layer may skip that work and
    /// return an empty tensor.
    func backward(_ outputGradient: Tensor, needsInputGradient: Bool) -> Tensor
    /// The layer's settings as Keras would print them, for `summary` and `help`.
    var configurationDescription: String { get }
}

extension Layer {
    public var parameters: [Parameter] { [] }
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.value.count } }
    public func backward(_ outputGradient: Tensor) -> Tensor { backward(outputGradient, needsInputGradient: true) }
}

/// Why a model could not be assembled or run: a layer that does not fit its input, an unknown name, ….
public struct ModelError: Error, Equatable, CustomStringConvertible, Sendable {
    public let message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
