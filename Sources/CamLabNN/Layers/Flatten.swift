import CamLabCore

/// Flattens each example to a vector in NHWC order (height, then width, then channel), as Keras does with
/// channels-last data, so a Keras Dense kernel after Flatten loads unchanged.
public final class Flatten: UnaryLayer {
    public var name = ""
    public var trainable = true
    public var typeName: String { "Flatten" }
    public var namePrefix: String { "flatten" }
    public private(set) var outputShape: [Int] = []

    public init() {}

    public func build(inputShape: [Int], generator: inout SeededGenerator) throws -> [Int] {
        outputShape = [inputShape.elementCount]
        return outputShape
    }

    public func forward(_ input: Tensor, _ call: LayerCall) -> LayerOutput {
        LayerOutput(try! input.reshaped([input.shape[0]] + outputShape))  // same element count by construction
    }

    /// Only the input's shape.
    public var backwardReads: BackwardReads { [] }

    public func backward(_ step: BackwardStep, input: Tensor) -> Tensor? {
        step.needsInputGradients ? try! step.gradient.reshaped(step.inputShapes[0]) : nil
    }

    public var configurationDescription: String { "" }
}
