import CamLabCore

/// Leaky ReLU, like Keras' `LeakyReLU` (Keras 2.15 calls the slope `alpha`): x for x > 0, negativeSlope·x
/// otherwise. Its gradient at 0 is the slope, as TensorFlow's.
public final class LeakyReLU: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let negativeSlope: Float
    public var typeName: String { "LeakyReLU" }
    public var namePrefix: String { "leaky_re_lu" }
    public private(set) var outputShape: [Int] = []

    public init(negativeSlope: Float = 0.3) throws {
        try require(negativeSlope >= 0, "LeakyReLU needs a non-negative slope (alpha), got \(negativeSlope)")
        self.negativeSlope = negativeSlope
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(ElementwiseKernels.leakyReLU(input, slope: negativeSlope))
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        guard step.needsInputGradients else { return nil }
        return ElementwiseKernels.leakyReLUBackward(step.gradient, input: input, slope: negativeSlope)
    }

    public var configurationDescription: String { "alpha: \(negativeSlope)" }
}
