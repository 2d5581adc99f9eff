import CamLabCore

/// y = x·scale + offset, like Keras' `Rescaling` (e.g. scale 1/255 to bring pixels to [0, 1]).
public final class Rescaling: UnaryLayer {
    public var name = ""
    public var trainable = true
    public let scale: Float
    public let offset: Float
    public var typeName: String { "Rescaling" }
    public var namePrefix: String { "rescaling" }
    public private(set) var outputShape: [Int] = []

    public init(scale: Float, offset: Float = 0) {
        self.scale = scale
        self.offset = offset
    }

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = inputShape
        return inputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(ElementwiseKernels.scaled(input, by: scale, plus: offset))
    }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        step.needsInputGradients ? ElementwiseKernels.scaled(step.gradient, by: scale) : nil
    }

    public var configurationDescription: String { "scale: \(scale), offset: \(offset)" }
}
